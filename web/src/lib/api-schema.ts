/** Any JSON value (the API's `StorableJson`). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Healthz
         * @description Liveness: the process answers.
         */
        get: operations["healthz_healthz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readyz
         * @description Readiness: Redis answers and every service reports SERVING.
         */
        get: operations["readyz_readyz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Api Keys
         * @description The workspace's live keys, with when each was last used (never the keys themselves).
         */
        get: operations["list_api_keys_v1_api_keys_get"];
        put?: never;
        /**
         * Create Api Key
         * @description Create a scoped key for the workspace; the response holds the key, shown this once.
         */
        post: operations["create_api_key_v1_api_keys_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete Api Key
         * @description Revoke a key: requests with it fail at once, on every gateway replica.
         */
        delete: operations["delete_api_key_v1_api_keys__key_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Audit Events
         * @description Every mutating and every refused call in the workspace, and sign-ins, newest first.
         */
        get: operations["list_audit_events_v1_audit_log_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Login
         * @description Exchange an e-mail and password for an access token and a refresh token.
         *
         *     After too many failed attempts for one account (`GATEWAY_LOGIN_FAILURES_PER_ACCOUNT` within
         *     `GATEWAY_LOGIN_FAILURE_WINDOW_SECONDS`) every login for it gets 429 until the window slides.
         */
        post: operations["login_v1_auth_login_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Logout
         * @description Revoke the access token at once (and the refresh token's session, when given).
         */
        post: operations["logout_v1_auth_logout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh
         * @description Spend a refresh token for a new token pair; a refresh token works once.
         */
        post: operations["refresh_v1_auth_refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register
         * @description Create a user and the workspace they own.
         *
         *     A taken address gets the same answer and nothing changes (no account enumeration).
         */
        post: operations["register_v1_auth_register_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Session
         * @description Sign in from a browser: the access token in the body, the refresh token in an HttpOnly
         *     cookie (`jobsprint_refresh`, path `/v1/auth/session`) and a CSRF token in `jobsprint_csrf`.
         *     The same password checks and failure window as `POST /v1/auth/login`.
         */
        post: operations["create_session_v1_auth_session_post"];
        /**
         * End Session
         * @description Sign out from a browser: the access token and its whole session (the refresh cookie's
         *     token with it) stop working at once, and both cookies are cleared.
         */
        delete: operations["end_session_v1_auth_session_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/session/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh Session
         * @description A new access token for the browser's session; the refresh cookie is spent and replaced
         *     (a refresh token works once). Needs `X-CSRF-Token`.
         */
        post: operations["refresh_session_v1_auth_session_refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/session/switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Switch Session
         * @description Move the browser's session to another of your workspaces without the password again: a
         *     new session there (its refresh token replaces the cookie), and the one it replaces ends, since
         *     no one holds its refresh token any more. Needs the bearer token of the current session.
         */
        post: operations["switch_session_v1_auth_session_switch_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Switch Workspace
         * @description A token pair for another of your workspaces, without the password again: a new session
         *     there, as a login would start, that ends no later than the session of the token making this
         *     request (ADR-098). That session stays as it is.
         */
        post: operations["switch_workspace_v1_auth_switch_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connectors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Connectors
         * @description The connector catalogue: each connector's actions with the JSON schemas of their parameters.
         *     Served from the response cache (ADR-044) unless an MCP server's tools are asked for.
         */
        get: operations["list_connectors_v1_connectors_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credential-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Credential Types
         * @description Each credential type with the JSON schemas of its non-secret and secret fields.
         */
        get: operations["list_credential_types_v1_credential_types_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Credentials
         * @description The workspace's credentials, by name, without secrets.
         */
        get: operations["list_credentials_v1_credentials_get"];
        put?: never;
        /**
         * Create Credential
         * @description Store a credential; its secret is encrypted at rest and never returned.
         */
        post: operations["create_credential_v1_credentials_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credentials/{credential_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Credential
         * @description Read one credential, without its secret.
         */
        get: operations["get_credential_v1_credentials__credential_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Credential
         * @description Delete a credential; workflows that name it fail at their next run of that step.
         */
        delete: operations["delete_credential_v1_credentials__credential_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Credential
         * @description Rename a credential, or replace its config or its secret; moving where the secret is sent
         *     needs the secret again.
         */
        patch: operations["update_credential_v1_credentials__credential_id__patch"];
        trace?: never;
    };
    "/v1/credentials/{credential_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test Credential
         * @description Try the credential against its service (SMTP login, model list, MCP tools, or GET `url`).
         */
        post: operations["test_credential_v1_credentials__credential_id__test_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Dead Letters
         * @description Executions that exhausted their retries or that no worker could handle, newest first.
         */
        get: operations["list_dead_letters_v1_dead_letters_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dead-letters/{dead_letter_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete Dead Letter
         * @description Discard a malformed message's dead letter once read; the message stays in `executor.run.dlq`.
         */
        delete: operations["delete_dead_letter_v1_dead_letters__dead_letter_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dead-letters/{dead_letter_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay Dead Letter
         * @description Retry the dead letter's execution from its failed step (or queue it again if it never finished).
         */
        post: operations["replay_dead_letter_v1_dead_letters__dead_letter_id__replay_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Executions
         * @description Page the workspace's executions, newest first, filtered by workflow, status and time ranges.
         */
        get: operations["list_executions_v1_executions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/executions/{execution_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Execution
         * @description Read one execution of the caller's workspace, with each step's output and error.
         */
        get: operations["get_execution_v1_executions__execution_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/executions/{execution_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel Execution
         * @description Cancel a queued, running or waiting execution; a running step finishes, no further step starts.
         */
        post: operations["cancel_execution_v1_executions__execution_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/executions/{execution_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Execution Events
         * @description Follow an execution live as Server-Sent Events: what already happened (after `Last-Event-ID`),
         *     then each new event as it happens, until the execution is final.
         */
        get: operations["execution_events_v1_executions__execution_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/executions/{execution_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry Execution
         * @description Start a new execution retrying a failed or cancelled one, from its failed step or from the start.
         */
        post: operations["retry_execution_v1_executions__execution_id__retry_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/executions:batchGet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Batch Get Executions
         * @description Read up to 100 executions with their steps in one call; ids not in your workspace are listed
         *     in `not_found` (another workspace's look exactly like unknown ones).
         */
        post: operations["batch_get_executions_v1_executions_batchGet_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/expressions/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Evaluate Expression
         * @description Evaluate a parameter value over sample data, in the executor's sandbox and budget, as a run would.
         */
        post: operations["evaluate_expression_v1_expressions_evaluate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/hooks/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Hook
         * @description Start a run of the workflow behind this URL. `input` is the JSON body; `request` holds the
         *     method, headers and query. `async` mode answers 202 with the execution id; `wait` mode answers
         *     with the workflow's output.
         */
        get: operations["hook_get"];
        /**
         * Hook
         * @description Start a run of the workflow behind this URL. `input` is the JSON body; `request` holds the
         *     method, headers and query. `async` mode answers 202 with the execution id; `wait` mode answers
         *     with the workflow's output.
         */
        put: operations["hook_put"];
        /**
         * Hook
         * @description Start a run of the workflow behind this URL. `input` is the JSON body; `request` holds the
         *     method, headers and query. `async` mode answers 202 with the execution id; `wait` mode answers
         *     with the workflow's output.
         */
        post: operations["hook_post"];
        /**
         * Hook
         * @description Start a run of the workflow behind this URL. `input` is the JSON body; `request` holds the
         *     method, headers and query. `async` mode answers 202 with the execution id; `wait` mode answers
         *     with the workflow's output.
         */
        delete: operations["hook_delete"];
        options?: never;
        head?: never;
        /**
         * Hook
         * @description Start a run of the workflow behind this URL. `input` is the JSON body; `request` holds the
         *     method, headers and query. `async` mode answers 202 with the execution id; `wait` mode answers
         *     with the workflow's output.
         */
        patch: operations["hook_patch"];
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Me
         * @description The caller, their workspace and their roles in it.
         */
        get: operations["me_v1_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change Password
         * @description Set a new password; every session of yours, on every device and workspace, ends at once.
         */
        post: operations["change_password_v1_me_password_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Sessions
         * @description Your live sessions (one per login) in this workspace, newest first.
         */
        get: operations["list_sessions_v1_me_sessions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke Session
         * @description End one of your sessions: its refresh token and access tokens stop working at once.
         */
        delete: operations["revoke_session_v1_me_sessions__session_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My Workspaces
         * @description The workspaces you are a member of, your role in each, and which one this token is for.
         */
        get: operations["my_workspaces_v1_me_workspaces_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Members
         * @description Every member of the workspace with their role.
         */
        get: operations["list_members_v1_members_get"];
        put?: never;
        /**
         * Add Member
         * @description Give a registered user a role here; they sign in with `workspace_id` in the login body.
         */
        post: operations["add_member_v1_members_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove Member
         * @description Remove a member; their sessions in this workspace are revoked at once.
         */
        delete: operations["remove_member_v1_members__user_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Member
         * @description Change a member's role; their sessions end so the new role applies at once.
         */
        patch: operations["update_member_v1_members__user_id__patch"];
        trace?: never;
    };
    "/v1/node-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Node Types
         * @description Every node type, triggers first, then the core nodes, then each connector's actions.
         */
        get: operations["list_node_types_v1_node_types_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workflows
         * @description Search, filter, sort and page the workspace's workflows.
         */
        get: operations["list_workflows_v1_workflows_get"];
        put?: never;
        /**
         * Create Workflow
         * @description Validate a definition and store it as version 1.
         */
        post: operations["create_workflow_v1_workflows_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import Workflow
         * @description Create a workflow from an export (new id, version 1, inactive), credentials mapped by name.
         */
        post: operations["import_workflow_v1_workflows_import_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Workflow
         * @description Read one workflow of the caller's workspace (served from the response cache when it can be).
         */
        get: operations["get_workflow_v1_workflows__workflow_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Workflow
         * @description Move the workflow to the trash: it stops, and can be restored for 30 days.
         */
        delete: operations["delete_workflow_v1_workflows__workflow_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Workflow
         * @description Change the fields present in the body; a new definition becomes a new version.
         */
        patch: operations["update_workflow_v1_workflows__workflow_id__patch"];
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activate Workflow
         * @description Let the workflow's webhook and schedule fire.
         */
        post: operations["activate_workflow_v1_workflows__workflow_id__activate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deactivate Workflow
         * @description Stop the workflow's webhook and schedule.
         */
        post: operations["deactivate_workflow_v1_workflows__workflow_id__deactivate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Workflow
         * @description The workflow as a file to keep in git (credentials by name); `POST /v1/workflows/import`
         *     reads it back.
         */
        get: operations["export_workflow_v1_workflows__workflow_id__export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore Workflow
         * @description Bring a deleted workflow back from the trash (inactive).
         */
        post: operations["restore_workflow_v1_workflows__workflow_id__restore_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run Workflow
         * @description Start a run of the workflow's current version; with `?wait=true`, wait for its output.
         */
        post: operations["run_workflow_v1_workflows__workflow_id__run_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Versions
         * @description The workflow's immutable versions, newest first (without definitions).
         */
        get: operations["list_versions_v1_workflows__workflow_id__versions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/versions/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Diff Versions
         * @description What changed between two versions: nodes added, removed and changed (per field), edges.
         */
        get: operations["diff_versions_v1_workflows__workflow_id__versions_diff_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Version
         * @description One version with its definition.
         */
        get: operations["get_version_v1_workflows__workflow_id__versions__version__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/versions/{version}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rollback Workflow
         * @description Save that version's definition as a new version (history is kept).
         */
        post: operations["rollback_workflow_v1_workflows__workflow_id__versions__version__rollback_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/webhook/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate Webhook
         * @description Give the webhook a new URL; the old one answers 404 from now on.
         */
        post: operations["rotate_webhook_v1_workflows__workflow_id__webhook_rotate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{workflow_id}/webhook/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set Webhook Secret
         * @description Require hook requests to be signed: X-Jobsprint-Signature-256: sha256=<HMAC of the body>.
         */
        put: operations["set_webhook_secret_v1_workflows__workflow_id__webhook_secret_put"];
        post?: never;
        /**
         * Clear Webhook Secret
         * @description Stop requiring signed hook requests.
         */
        delete: operations["clear_webhook_secret_v1_workflows__workflow_id__webhook_secret_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows:batchGet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Batch Get Workflows
         * @description Read up to 100 workflows in one call; ids not in your workspace (or deleted) are listed in
         *     `not_found` (another workspace's look exactly like unknown ones).
         */
        post: operations["batch_get_workflows_v1_workflows_batchGet_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows:validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Validate Workflow
         * @description Validate a workflow exactly as creating it would (422 names each problem); nothing is stored.
         */
        post: operations["validate_workflow_v1_workflows_validate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspace/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Limits
         * @description The rate limits in force for this workspace, its overrides and the gateway's defaults.
         */
        get: operations["get_limits_v1_workspace_limits_get"];
        /**
         * Set Limits
         * @description Replace the workspace's overrides (owners and admins; audited). A limit left out or null
         *     goes back to the default; an override above `max_per_minute` applies as that ceiling.
         */
        put: operations["set_limits_v1_workspace_limits_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** ActionPublic */
        ActionPublic: {
            /** Description */
            description: string;
            /** Name */
            name: string;
            /**
             * Node Type
             * @description The workflow node type that runs this action.
             */
            node_type: string;
            /** Output Schema */
            output_schema: {
                [key: string]: unknown;
            };
            /** Parameters Schema */
            parameters_schema: {
                [key: string]: unknown;
            };
        };
        /** ApiKeyCreate */
        ApiKeyCreate: {
            /**
             * Name
             * @example nightly import
             */
            name: string;
            /**
             * Scopes
             * @description `read` (Get/List), `write` (create, change, delete), `run` (start runs).
             */
            scopes: ("read" | "write" | "run")[];
        };
        /** ApiKeyCreated */
        ApiKeyCreated: {
            /** Created At */
            created_at: string | null;
            /** Created By */
            created_by: string;
            /** Id */
            id: string;
            /**
             * Key
             * @description The API key. Shown this once; only its hash is stored.
             */
            key: string;
            /**
             * Last Used At
             * @description Last exchange of the key for a token (at most once per token lifetime).
             */
            last_used_at?: string | null;
            /** Name */
            name: string;
            /**
             * Prefix
             * @description The key's first characters, to recognise it by.
             */
            prefix: string;
            /** Scopes */
            scopes: ("read" | "write" | "run")[];
        };
        /** ApiKeyPublic */
        ApiKeyPublic: {
            /** Created At */
            created_at: string | null;
            /** Created By */
            created_by: string;
            /** Id */
            id: string;
            /**
             * Last Used At
             * @description Last exchange of the key for a token (at most once per token lifetime).
             */
            last_used_at?: string | null;
            /** Name */
            name: string;
            /**
             * Prefix
             * @description The key's first characters, to recognise it by.
             */
            prefix: string;
            /** Scopes */
            scopes: ("read" | "write" | "run")[];
        };
        /** ApiKeysPage */
        ApiKeysPage: {
            /** Items */
            items: components["schemas"]["ApiKeyPublic"][];
        };
        /** AuditEventPublic */
        AuditEventPublic: {
            /**
             * Action
             * @example workflows.activate_workflow
             * @example auth.login
             */
            action: string;
            /** Actor Id */
            actor_id: string;
            /**
             * Actor Kind
             * @enum {string}
             */
            actor_kind: "user" | "api_key" | "service";
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /** Id */
            id: string;
            /** Occurred At */
            occurred_at: string | null;
            /**
             * Outcome
             * @enum {string}
             */
            outcome: "success" | "denied" | "failed";
            /** Resource Id */
            resource_id: string;
            /** Source */
            source: string;
        };
        /** AuditEventsPage */
        AuditEventsPage: {
            /** Items */
            items: components["schemas"]["AuditEventPublic"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page.
             */
            next_cursor?: string | null;
        };
        /** BatchGetRequest */
        BatchGetRequest: {
            /**
             * Ids
             * @description 1 to 100 ids; duplicates count once.
             */
            ids: string[];
        };
        /**
         * BrowserSession
         * @description A browser's sign-in: the access token only (the refresh token is in an HttpOnly cookie).
         */
        BrowserSession: {
            /** Access Token */
            access_token: string;
            /** Expires In */
            expires_in: number;
            /**
             * Token Type
             * @default bearer
             * @constant
             */
            token_type: "bearer";
        };
        /** ConnectorPublic */
        ConnectorPublic: {
            /** Actions */
            actions: components["schemas"]["ActionPublic"][];
            /** Credential Required */
            credential_required: boolean;
            /** Credential Types */
            credential_types: string[];
            /** Description */
            description: string;
            /** Name */
            name: string;
        };
        /** ConnectorsList */
        ConnectorsList: {
            /** Items */
            items: components["schemas"]["ConnectorPublic"][];
        };
        /** CredentialCreate */
        CredentialCreate: {
            /**
             * Config
             * @description Non-secret fields; returned on reads.
             */
            config?: {
                [key: string]: components["schemas"]["StorableJson"];
            };
            /**
             * Name
             * @example github
             */
            name: string;
            /**
             * Secret
             * @description Secret fields; stored encrypted, never returned.
             */
            secret: {
                [key: string]: components["schemas"]["StorableJson"];
            };
            /**
             * Type
             * @description GET /v1/credential-types lists each with its fields.
             * @enum {string}
             */
            type: "bearer" | "basic" | "api_key" | "oauth2_client_credentials" | "smtp" | "ai_provider" | "chat_webhook" | "mcp";
        };
        /** CredentialPublic */
        CredentialPublic: {
            /** Config */
            config: {
                [key: string]: unknown;
            };
            /** Created At */
            created_at: string | null;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Secret Fields
             * @description Which secret fields are set; never their values.
             */
            secret_fields: string[];
            /** Type */
            type: string;
            /** Updated At */
            updated_at: string | null;
        };
        /** CredentialTest */
        CredentialTest: {
            /**
             * Url
             * @description For HTTP credential types: the URL to GET.
             * @default
             */
            url: string;
        };
        /** CredentialTestResult */
        CredentialTestResult: {
            /** Message */
            message: string;
            /** Ok */
            ok: boolean;
        };
        /** CredentialTypePublic */
        CredentialTypePublic: {
            /** Config Schema */
            config_schema: {
                [key: string]: unknown;
            };
            /** Description */
            description: string;
            /** Name */
            name: string;
            /** Secret Schema */
            secret_schema: {
                [key: string]: unknown;
            };
        };
        /** CredentialTypesList */
        CredentialTypesList: {
            /** Items */
            items: components["schemas"]["CredentialTypePublic"][];
        };
        /**
         * CredentialUpdate
         * @description Only the fields present (and not null) change; none: nothing changes.
         */
        CredentialUpdate: {
            /** Config */
            config?: {
                [key: string]: components["schemas"]["StorableJson"];
            } | null;
            /** Name */
            name?: string | null;
            /**
             * Secret
             * @description Replaces every secret field.
             */
            secret?: {
                [key: string]: components["schemas"]["StorableJson"];
            } | null;
        };
        /** CredentialsPage */
        CredentialsPage: {
            /** Items */
            items: components["schemas"]["CredentialPublic"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page.
             */
            next_cursor?: string | null;
        };
        /** DeadLetterList */
        DeadLetterList: {
            /** Items */
            items: components["schemas"]["DeadLetterPublic"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page.
             */
            next_cursor?: string | null;
        };
        /** DeadLetterPublic */
        DeadLetterPublic: {
            /** Created At */
            created_at?: string | null;
            /** Error */
            error: string;
            /**
             * Execution Id
             * @description Null for a malformed message, which names no execution.
             */
            execution_id: string | null;
            /** Id */
            id: number;
            /** @description Set for a malformed message only (`scope=instance`). */
            message?: components["schemas"]["MalformedMessagePublic"] | null;
            /**
             * Reason
             * @enum {string}
             */
            reason: "retries_exhausted" | "unhandled_error" | "malformed";
            /** Replay Execution Id */
            replay_execution_id?: string | null;
            /** Replayed At */
            replayed_at?: string | null;
            /**
             * Workspace Id
             * @description Null for a malformed message, which belongs to no workspace.
             */
            workspace_id?: string | null;
        };
        /**
         * ExecutionEventPublic
         * @description The `data` of one Server-Sent Event of `GET /v1/executions/{id}/events`.
         */
        ExecutionEventPublic: {
            /**
             * Data
             * @description step.*: node_id, status, attempts; execution.finished: status, error; execution.queued: workflow_id, status and, when set, retry_of, parent_execution_id or error_of; execution.waiting: node_id, reason, attempt, and until (a retry or core.wait) or child (a core.subworkflow call); execution.cancelled: status, was, and cancelled_with when the execution that called it was cancelled; execution.error_workflow_failed (after the failed execution's final event, so in its history but not in a stream that already ended): error_workflow, error.
             */
            data: {
                [key: string]: unknown;
            };
            /** Execution Id */
            execution_id: string;
            /**
             * Sequence
             * @description 1, 2, 3, ... in the execution's history; also the SSE `id`.
             */
            sequence: number;
            /**
             * Time
             * Format: date-time
             */
            time: string;
            /**
             * Type
             * @description Also the SSE `event`: execution.queued, execution.started, execution.waiting, step.succeeded, step.failed, step.skipped, execution.finished, execution.cancelled, execution.error_workflow_failed.
             * @example step.succeeded
             */
            type: string;
        };
        /**
         * ExecutionPublic
         * @description An execution with its input, its output and each step's.
         */
        ExecutionPublic: {
            /** Created At */
            created_at?: string | null;
            /** Error */
            error?: string | null;
            /**
             * Error Of
             * @description An error workflow's execution: the failed execution it was started for.
             */
            error_of?: string | null;
            /** Finished At */
            finished_at?: string | null;
            /** Id */
            id: string;
            /** Input */
            input?: unknown;
            /** Output */
            output?: unknown;
            /**
             * Parent Execution Id
             * @description A subworkflow's execution: the execution whose `core.subworkflow` step called it.
             */
            parent_execution_id?: string | null;
            /**
             * Retry Of
             * @description The execution this one retries.
             */
            retry_of?: string | null;
            /** Started At */
            started_at?: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";
            /** Steps */
            steps: components["schemas"]["StepPublic"][];
            /** Workflow Id */
            workflow_id: string;
            /** Workflow Version */
            workflow_version: number;
        };
        /**
         * ExecutionSummary
         * @description An execution in a list: no input, output or steps (read it by id, or in a batch, for those).
         */
        ExecutionSummary: {
            /** Created At */
            created_at?: string | null;
            /** Error */
            error?: string | null;
            /**
             * Error Of
             * @description An error workflow's execution: the failed execution it was started for.
             */
            error_of?: string | null;
            /** Finished At */
            finished_at?: string | null;
            /** Id */
            id: string;
            /**
             * Parent Execution Id
             * @description A subworkflow's execution: the execution whose `core.subworkflow` step called it.
             */
            parent_execution_id?: string | null;
            /**
             * Retry Of
             * @description The execution this one retries.
             */
            retry_of?: string | null;
            /** Started At */
            started_at?: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";
            /** Workflow Id */
            workflow_id: string;
            /** Workflow Version */
            workflow_version: number;
        };
        /** ExecutionsBatch */
        ExecutionsBatch: {
            /**
             * Items
             * @description The executions found, in the order asked.
             */
            items: components["schemas"]["ExecutionPublic"][];
            /**
             * Not Found
             * @description Ids with no execution in your workspace (unknown, malformed or another workspace's).
             */
            not_found: string[];
        };
        /** ExecutionsPage */
        ExecutionsPage: {
            /** Items */
            items: components["schemas"]["ExecutionSummary"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` (with the same filters) for the next page; null on the last.
             */
            next_cursor?: string | null;
        };
        /** ExpressionEvaluate */
        ExpressionEvaluate: {
            scope?: components["schemas"]["ExpressionScope"] | null;
            /**
             * Value
             * @description A parameter string: text with `{{ … }}` parts, or one whole `{{ expression }}` (whose result keeps its type).
             * @example {{ input.qty * input.unit_price }}
             */
            value: string;
        };
        /** ExpressionResult */
        ExpressionResult: {
            /**
             * Result
             * @description What a run's rendering of the value gives: any JSON value.
             */
            result: unknown;
        };
        /**
         * ExpressionScope
         * @description The names in scope, each optional, shaped as a run gives them.
         */
        ExpressionScope: {
            /**
             * Execution
             * @description `execution`: `id`, `workflow_id`, `started_at` in a run.
             */
            execution?: {
                [key: string]: components["schemas"]["StorableJson"];
            } | null;
            /**
             * Input
             * @description `input`: the run's input (the trigger's output). Default `{}`.
             */
            input?: components["schemas"]["StorableJson"];
            /**
             * Request
             * @description `request`: a webhook run's `method`, `headers` and `query`.
             */
            request?: {
                [key: string]: components["schemas"]["StorableJson"];
            } | null;
            /**
             * Steps
             * @description `steps`: earlier steps by node id, each `{"output": …}`.
             */
            steps?: {
                [key: string]: components["schemas"]["StepSample"];
            } | null;
        };
        /** FieldError */
        FieldError: {
            /**
             * Field
             * @description Where: `definition.nodes[1].id`, `page_size`, `body`.
             */
            field: string;
            /** Message */
            message: string;
        };
        /** HookAccepted */
        HookAccepted: {
            /** Execution Id */
            execution_id: string;
            /**
             * Status
             * @default queued
             * @constant
             */
            status: "queued";
        };
        /** Liveness */
        Liveness: {
            /**
             * Status
             * @constant
             */
            status: "ok";
        };
        /** LoginRequest */
        LoginRequest: {
            /** Email */
            email: string;
            /** Password */
            password: string;
            /**
             * Workspace Id
             * @description Workspace to sign in to; default: the one you registered with.
             */
            workspace_id?: string | null;
        };
        /** LogoutRequest */
        LogoutRequest: {
            /**
             * Refresh Token
             * @description Also end this refresh token's session.
             */
            refresh_token?: string | null;
        };
        /**
         * MalformedMessagePublic
         * @description What a dead letter keeps of a run message no worker could decode (ADR-102).
         */
        MalformedMessagePublic: {
            /**
             * Message Id
             * @description The AMQP message id; null when it had none.
             */
            message_id?: string | null;
            /**
             * Preview
             * @description The body's first 256 bytes as text: undecodable bytes and control characters escaped (`\xff`), `…` when cut.
             */
            preview: string;
            /** Routing Key */
            routing_key: string;
            /** Size Bytes */
            size_bytes: number;
        };
        /** Me */
        Me: {
            /** Roles */
            roles: string[];
            user: components["schemas"]["UserPublic"];
            workspace: components["schemas"]["WorkspacePublic"];
        };
        /** MemberCreate */
        MemberCreate: {
            /**
             * Email
             * Format: email
             * @description A registered user's e-mail address.
             */
            email: string;
            /**
             * Role
             * @enum {string}
             */
            role: "owner" | "admin" | "editor" | "viewer";
        };
        /** MemberPublic */
        MemberPublic: {
            /**
             * Created At
             * @description When they joined the workspace.
             */
            created_at?: string | null;
            /**
             * Role
             * @enum {string}
             */
            role: "owner" | "admin" | "editor" | "viewer";
            user: components["schemas"]["UserPublic"];
        };
        /** MemberUpdate */
        MemberUpdate: {
            /**
             * Role
             * @enum {string}
             */
            role: "owner" | "admin" | "editor" | "viewer";
        };
        /** MembersPage */
        MembersPage: {
            /** Items */
            items: components["schemas"]["MemberPublic"][];
        };
        /**
         * MembershipPublic
         * @description One of your workspaces.
         */
        MembershipPublic: {
            /**
             * Current
             * @description The workspace of the token making this request.
             */
            current: boolean;
            /**
             * Joined At
             * @description When you joined it.
             */
            joined_at?: string | null;
            /**
             * Role
             * @enum {string}
             */
            role: "owner" | "admin" | "editor" | "viewer";
            workspace: components["schemas"]["WorkspacePublic"];
        };
        /** MembershipsPage */
        MembershipsPage: {
            /**
             * Items
             * @description In the order you joined them: the first is the one a login without `workspace_id` picks.
             */
            items: components["schemas"]["MembershipPublic"][];
        };
        /** NodeTypePublic */
        NodeTypePublic: {
            /**
             * Category
             * @enum {string}
             */
            category: "trigger" | "core" | "integration";
            /**
             * Credential Required
             * @default false
             */
            credential_required: boolean;
            /**
             * Credential Types
             * @description Credential types its `credential` may name (integration nodes).
             */
            credential_types?: string[];
            /** Description */
            description: string;
            /**
             * Outputs
             * @description Its outputs besides `error`; `<case name>` stands for the names `core.switch` takes from its `cases`; empty for a node that ends the run.
             */
            outputs: string[];
            /**
             * Parameters Schema
             * @description JSON Schema of the node's `parameters`.
             */
            parameters_schema: {
                [key: string]: unknown;
            };
            /**
             * Type
             * @example core.set
             */
            type: string;
        };
        /** NodeTypesList */
        NodeTypesList: {
            /** Items */
            items: components["schemas"]["NodeTypePublic"][];
        };
        /** PasswordChange */
        PasswordChange: {
            /** Current Password */
            current_password: string;
            /**
             * New Password
             * @description At least 10 characters, not the e-mail address.
             */
            new_password: string;
        };
        /**
         * ProblemDetails
         * @description An error, as RFC 9457 problem details (`application/problem+json`).
         */
        ProblemDetails: {
            /**
             * Detail
             * @description What went wrong and what to do about it.
             */
            detail: string;
            /**
             * Errors
             * @description Each invalid field (422).
             * @default null
             */
            errors: components["schemas"]["FieldError"][] | null;
            /**
             * Execution Id
             * @description Webhooks in `wait` mode (502, 504): the run.
             * @default null
             */
            execution_id: string | null;
            /**
             * Instance
             * @description The request path.
             * @default null
             */
            instance: string | null;
            /** Status */
            status: number;
            /**
             * Title
             * @description The HTTP status's phrase, or a short summary.
             */
            title: string;
            /**
             * Type
             * @default about:blank
             */
            type: string;
        };
        /**
         * RateLimitOverrides
         * @description A workspace's own rate limits, per minute; null (or left out): the gateway's default.
         */
        RateLimitOverrides: {
            /** Rate Limit Per Minute */
            rate_limit_per_minute?: number | null;
            /** Rate Limit Write Per Minute */
            rate_limit_write_per_minute?: number | null;
            /** Webhook Rate Limit Per Minute */
            webhook_rate_limit_per_minute?: number | null;
        };
        /** RateLimits */
        RateLimits: {
            /**
             * Rate Limit Per Minute
             * @description Reads (GET, batch reads) per minute per caller.
             */
            rate_limit_per_minute: number;
            /**
             * Rate Limit Write Per Minute
             * @description Writes and runs per minute per caller.
             */
            rate_limit_write_per_minute: number;
            /**
             * Webhook Rate Limit Per Minute
             * @description Requests per minute per webhook URL.
             */
            webhook_rate_limit_per_minute: number;
        };
        /** Readiness */
        Readiness: {
            /**
             * Checks
             * @description redis, auth, workflows, executor, integrations.
             */
            checks: {
                [key: string]: "ok" | "failing";
            };
            /**
             * Status
             * @enum {string}
             */
            status: "ready" | "not ready";
        };
        /** RefreshRequest */
        RefreshRequest: {
            /** Refresh Token */
            refresh_token: string;
        };
        /** RegisterRequest */
        RegisterRequest: {
            /**
             * Email
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /**
             * Password
             * @description At least 10 characters, not the e-mail address.
             */
            password: string;
            /** Workspace Name */
            workspace_name?: string | null;
        };
        /** Registered */
        Registered: {
            user: components["schemas"]["UserPublic"];
            workspace: components["schemas"]["WorkspacePublic"];
        };
        /** ReplayAccepted */
        ReplayAccepted: {
            /** Execution Id */
            execution_id: string;
        };
        /** RetryRequest */
        RetryRequest: {
            /**
             * From
             * @description `failed`: reuse the outputs before the failed step; `start`: run every step again.
             * @default failed
             * @enum {string}
             */
            from: "failed" | "start";
        };
        /** RunAccepted */
        RunAccepted: {
            /** Execution Id */
            execution_id: string;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";
            /** Workflow Id */
            workflow_id: string;
            /** Workflow Version */
            workflow_version: number;
        };
        /** RunFinished */
        RunFinished: {
            /** Error */
            error?: string | null;
            /** Execution Id */
            execution_id: string;
            /** Output */
            output?: unknown;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";
            /** Steps */
            steps: components["schemas"]["StepPublic"][];
            /** Workflow Id */
            workflow_id: string;
            /** Workflow Version */
            workflow_version: number;
        };
        /** RunRequest */
        RunRequest: {
            /**
             * Input
             * @description The run's input, the trigger's output.
             */
            input?: {
                [key: string]: components["schemas"]["StorableJson"];
            };
        };
        /** SchedulePublic */
        SchedulePublic: {
            /** Expression */
            expression: string;
            /**
             * Missed Ticks
             * @enum {string}
             */
            missed_ticks: "skip" | "run_once";
            /**
             * Next Fire Times
             * @description Upcoming ticks while the workflow is active.
             */
            next_fire_times: string[];
            /** Timezone */
            timezone: string;
        };
        /** SessionPublic */
        SessionPublic: {
            /** Created At */
            created_at: string | null;
            /**
             * Current
             * @description The session of the token making this request.
             */
            current: boolean;
            /** Expires At */
            expires_at: string | null;
            /** Id */
            id: string;
            /** Last Refreshed At */
            last_refreshed_at: string | null;
        };
        /** SessionsPage */
        SessionsPage: {
            /** Items */
            items: components["schemas"]["SessionPublic"][];
        };
        /** StepPublic */
        StepPublic: {
            /** Attempts */
            attempts: number;
            /** Error */
            error?: string | null;
            /** Finished At */
            finished_at?: string | null;
            /** Node Id */
            node_id: string;
            /** Node Type */
            node_type: string;
            /** Output */
            output?: unknown;
            /** Started At */
            started_at?: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "running" | "succeeded" | "failed" | "skipped";
        };
        /** StepSample */
        StepSample: {
            /**
             * Output
             * @description The step's output: `steps.<node id>.output` in expressions.
             */
            output?: components["schemas"]["StorableJson"];
        };
        /** @description Any JSON value a service can keep: no NUL character (U+0000) or lone surrogate in a string or key, no integer beyond 64 bits, objects and arrays nested at most 64 levels deep (counted from the request body). */
        StorableJson: JsonValue;
        /** TokenPair */
        TokenPair: {
            /** Access Token */
            access_token: string;
            /** Expires In */
            expires_in: number;
            /** Refresh Token */
            refresh_token: string;
            /**
             * Token Type
             * @default bearer
             * @constant
             */
            token_type: "bearer";
        };
        /** UserPublic */
        UserPublic: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Email */
            email: string;
            /** Id */
            id: string;
        };
        /** VersionPublic */
        VersionPublic: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /** Definition */
            definition?: {
                [key: string]: unknown;
            } | null;
            /** Message */
            message: string;
            /** Version */
            version: number;
            /** Workflow Id */
            workflow_id: string;
        };
        /** VersionsPage */
        VersionsPage: {
            /** Items */
            items: components["schemas"]["VersionPublic"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page.
             */
            next_cursor?: string | null;
        };
        /** WebhookSecret */
        WebhookSecret: {
            /**
             * Secret
             * @description Shared with the sender; never shown again.
             */
            secret: string;
        };
        /** WorkflowCreate */
        WorkflowCreate: {
            /**
             * Definition
             * @description `nodes` and `edges`; see the workflow format.
             */
            definition: {
                [key: string]: components["schemas"]["StorableJson"];
            };
            /**
             * Description
             * @default
             */
            description: string;
            /** Name */
            name: string;
            /** Tags */
            tags?: string[];
        };
        /**
         * WorkflowExport
         * @description A workflow as a file (for git): no ids, no state, no secrets; import gives it new ids.
         */
        WorkflowExport: {
            /**
             * Definition
             * @description The definition; each credential a node uses is `{"name", "type"}`, not an id.
             */
            definition: {
                [key: string]: unknown;
            };
            /**
             * Description
             * @default
             */
            description: string;
            /**
             * Format
             * @default jobsprint.workflow/v1
             * @constant
             */
            format: "jobsprint.workflow/v1";
            /** Name */
            name: string;
            /** Tags */
            tags?: string[];
        };
        /** WorkflowImport */
        WorkflowImport: {
            /**
             * Definition
             * @description The definition; each credential a node uses is `{"name", "type"}`, not an id.
             */
            definition: {
                [key: string]: components["schemas"]["StorableJson"];
            };
            /**
             * Description
             * @default
             */
            description: string;
            /**
             * Format
             * @default jobsprint.workflow/v1
             * @constant
             */
            format: "jobsprint.workflow/v1";
            /** Name */
            name: string;
            /** Tags */
            tags?: string[];
        };
        /** WorkflowPublic */
        WorkflowPublic: {
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Definition */
            definition: {
                [key: string]: unknown;
            };
            /** Deleted At */
            deleted_at?: string | null;
            /** Description */
            description: string;
            /**
             * Etag
             * @description Send it back in `If-Match` to update; also the `ETag` header.
             */
            etag: string;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Rank
             * @description Search rank, when listed with `q`.
             */
            rank?: number | null;
            schedule?: components["schemas"]["SchedulePublic"] | null;
            /** Tags */
            tags: string[];
            /** Trigger Type */
            trigger_type: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
            /**
             * Webhook Signed
             * @description Hook requests must carry X-Jobsprint-Signature-256.
             * @default false
             */
            webhook_signed: boolean;
            /**
             * Webhook Url
             * @description While an active webhook workflow: where to send hooks. The URL runs the workflow, so it is shown only to who may run it (editors and up, API keys with the `run` scope); null for others. Leaked? `POST /v1/workflows/{id}/webhook/rotate` replaces it.
             */
            webhook_url?: string | null;
        };
        /**
         * WorkflowUpdate
         * @description Only the fields present change (they are the update mask); none: nothing changes.
         */
        WorkflowUpdate: {
            /**
             * Definition
             * @description A new definition is saved as a new version.
             */
            definition?: {
                [key: string]: components["schemas"]["StorableJson"];
            };
            /** Description */
            description?: string;
            /** Name */
            name?: string;
            /** Tags */
            tags?: string[];
            /**
             * Version Message
             * @description Why the definition changed.
             * @default
             */
            version_message: string;
        };
        /** WorkflowValidity */
        WorkflowValidity: {
            /**
             * Node Count
             * @description How many nodes the definition has.
             */
            node_count: number;
            /**
             * Trigger Type
             * @description The type of the definition's trigger node.
             */
            trigger_type: string;
            /**
             * Valid
             * @description Always true: an invalid workflow is a 422 naming each problem.
             * @constant
             */
            valid: true;
        };
        /** WorkflowsBatch */
        WorkflowsBatch: {
            /**
             * Items
             * @description The workflows found, in the order asked.
             */
            items: components["schemas"]["WorkflowPublic"][];
            /**
             * Not Found
             * @description Ids with no workflow in your workspace (unknown, deleted, malformed or another workspace's).
             */
            not_found: string[];
        };
        /** WorkflowsPage */
        WorkflowsPage: {
            /** Items */
            items: components["schemas"]["WorkflowPublic"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page.
             */
            next_cursor?: string | null;
        };
        /** WorkspaceLimitsPublic */
        WorkspaceLimitsPublic: {
            /**
             * Applies Within Seconds
             * @description A change applies on every gateway replica within this time (at once on the one that made it).
             */
            applies_within_seconds: number;
            /** @description The gateway's defaults (`GATEWAY_*_PER_MINUTE`). */
            defaults: components["schemas"]["RateLimits"];
            /** @description In force now: each override (capped by `max_per_minute`), else the default. */
            limits: components["schemas"]["RateLimits"];
            /**
             * Max Per Minute
             * @description The ceiling of any override (`GATEWAY_WORKSPACE_LIMIT_MAX_PER_MINUTE`).
             */
            max_per_minute: number;
            /** @description What the workspace's owners or admins set. */
            overrides: components["schemas"]["RateLimitOverrides"];
        };
        /** WorkspacePublic */
        WorkspacePublic: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Name */
            name: string;
        };
        /** WorkspaceSwitch */
        WorkspaceSwitch: {
            /**
             * Workspace Id
             * @description A workspace you are a member of (`GET /v1/me/workspaces`).
             */
            workspace_id: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The method this webhook accepts. */
        Allow: string;
        /** @description The method this webhook accepts. */
        "Allow.optional": string;
        /** @description The version read; send it back in `If-Match` to change it. */
        ETag: string;
        /** @description The version read; send it back in `If-Match` to change it. */
        "ETag.optional": string;
        /** @description `true`: the stored response of an earlier request with the same `Idempotency-Key`, which did not run again. */
        "Idempotent-Replayed": "true";
        /** @description `true`: the stored response of an earlier request with the same `Idempotency-Key`, which did not run again. */
        "Idempotent-Replayed.optional": "true";
        /** @description The next page as `<url>; rel="next"` (absent on the last page). */
        Link: string;
        /** @description The next page as `<url>; rel="next"` (absent on the last page). */
        "Link.optional": string;
        /** @description Where the created resource (or the started run) is. */
        Location: string;
        /** @description Where the created resource (or the started run) is. */
        "Location.optional": string;
        /** @description Requests allowed in the window of this route group. */
        "RateLimit-Limit": number;
        /** @description Requests allowed in the window of this route group. */
        "RateLimit-Limit.optional": number;
        /** @description Requests left in the current window. */
        "RateLimit-Remaining": number;
        /** @description Requests left in the current window. */
        "RateLimit-Remaining.optional": number;
        /** @description Seconds until the window admits another request. */
        "RateLimit-Reset": number;
        /** @description Seconds until the window admits another request. */
        "RateLimit-Reset.optional": number;
        /** @description Seconds to wait before retrying. */
        "Retry-After": number;
        /** @description Seconds to wait before retrying. */
        "Retry-After.optional": number;
        /** @description `Bearer`: the scheme to authenticate with. */
        "WWW-Authenticate": string;
        /** @description `Bearer`: the scheme to authenticate with. */
        "WWW-Authenticate.optional": string;
        /** @description The run that produced this output. */
        "X-Execution-Id": string;
        /** @description The run that produced this output. */
        "X-Execution-Id.optional": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    healthz_healthz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Liveness"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    readyz_readyz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A dependency is not ready. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    list_api_keys_v1_api_keys_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeysPage"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    create_api_key_v1_api_keys_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description A replay (`Idempotency-Key`) of a creation that succeeded: the key is already created, and its secret was shown once, in the first answer, and is kept nowhere: this is the key without it. Lost the secret? Delete the key and create another. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPublic"];
                };
            };
            /** @description Successful Response */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description The body is not valid JSON. Or: `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    delete_api_key_v1_api_keys__key_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_audit_events_v1_audit_log_get: {
        parameters: {
            query?: {
                /** @description Page size (the service may cap it lower). */
                limit?: number;
                /** @description `next_cursor` of the previous page; none for the first. */
                cursor?: string;
                /** @description An action or a prefix: `workflows`, `auth.login`. */
                action?: string;
                actor_id?: string;
                resource_id?: string;
                outcome?: "" | "success" | "denied" | "failed";
                /** @description Inclusive, RFC 3339 with an offset. */
                since?: string;
                /** @description Exclusive, RFC 3339 with an offset. */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    Link: components["headers"]["Link.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventsPage"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    login_v1_auth_login_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Wrong e-mail address or password. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description You are not a member of that workspace. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    logout_v1_auth_logout_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LogoutRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    refresh_v1_auth_refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The refresh token is invalid, expired or already used. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    register_v1_auth_register_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Registered"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    create_session_v1_auth_session_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrowserSession"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Wrong e-mail address or password. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description You are not a member of that workspace. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    end_session_v1_auth_session_delete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    refresh_session_v1_auth_session_refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrowserSession"];
                };
            };
            /** @description No session cookie, or its refresh token is invalid, expired, revoked or already used: sign in. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request may come from another site: `X-CSRF-Token` does not repeat the `jobsprint_csrf` cookie, or `Origin` is another site's. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    switch_session_v1_auth_session_switch_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceSwitch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrowserSession"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The session of this token has ended: sign in again. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description You are not a member of that workspace (or the credential is an API key, which has one workspace). */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    switch_workspace_v1_auth_switch_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceSwitch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The session of this token has ended: sign in again. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description You are not a member of that workspace (or the credential is an API key, which has one workspace). */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_connectors_v1_connectors_get: {
        parameters: {
            query?: {
                /** @description List this MCP server's tools as actions too (not cached). */
                mcp_credential_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectorsList"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No MCP credential with that id in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The MCP credential cannot be used (it does not decrypt, or the server refused). */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The MCP server, or this connector's concurrency limit, says slow down. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_credential_types_v1_credential_types_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialTypesList"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_credentials_v1_credentials_get: {
        parameters: {
            query?: {
                /** @description Only credentials of this type. */
                type?: string;
                /** @description Page size (the service may cap it lower). */
                limit?: number;
                /** @description `next_cursor` of the previous page; none for the first. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    Link: components["headers"]["Link.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialsPage"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    create_credential_v1_credentials_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialPublic"];
                };
            };
            /** @description The body is not valid JSON. Or: `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A credential of that name exists in your workspace. Or: A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    get_credential_v1_credentials__credential_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    delete_credential_v1_credentials__credential_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    update_credential_v1_credentials__credential_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                credential_id: string;
            };
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialPublic"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A credential of that name exists in your workspace. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field. A config change that moves where the secret is sent (a base URL, host, port, token URL, allowed hosts) needs `secret` in the same request. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    test_credential_v1_credentials__credential_id__test_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                credential_id: string;
            };
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CredentialTest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialTestResult"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The credential does not decrypt: set its secret again. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_dead_letters_v1_dead_letters_get: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: number;
                /** @description `next_cursor` of the previous page; none for the first. */
                cursor?: string;
                /** @description `workspace`: the caller's workspace's dead letters. `instance`: the run messages no worker could decode, which belong to no workspace; an instance operator's only. */
                scope?: "workspace" | "instance";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    Link: components["headers"]["Link.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetterList"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role or your API key's scopes do not allow this; `scope=instance` needs an instance operator (`AUTH_OPERATOR_EMAILS`). */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    delete_dead_letter_v1_dead_letters__dead_letter_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                dead_letter_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only an instance operator (`AUTH_OPERATOR_EMAILS`) discards a dead letter. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No malformed message's dead letter with this id (a workspace's letters are replayed, not discarded). */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    replay_dead_letter_v1_dead_letters__dead_letter_id__replay_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path: {
                dead_letter_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayAccepted"];
                };
            };
            /** @description `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The dead letter was already replayed, or it is a malformed message, which names no execution to replay. Or: A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_executions_v1_executions_get: {
        parameters: {
            query?: {
                /** @description Only this workflow's runs. */
                workflow_id?: string;
                /** @description Only these statuses (repeatable). */
                status?: ("queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled")[];
                /** @description Created at or after (RFC 3339 with an offset). */
                created_after?: string;
                /** @description Created before. */
                created_before?: string;
                /** @description Started at or after. */
                started_after?: string;
                /** @description Started before. */
                started_before?: string;
                /** @description Finished at or after. */
                finished_after?: string;
                /** @description Finished before. */
                finished_before?: string;
                /** @description Newest first by default; ordering by `finished_at` lists finished runs only. */
                order_by?: "created_at desc" | "created_at" | "finished_at desc" | "finished_at";
                /** @description Page size (the service may cap it lower). */
                limit?: number;
                /** @description `next_cursor` of the previous page; none for the first. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    Link: components["headers"]["Link.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionsPage"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    get_execution_v1_executions__execution_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                execution_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    cancel_execution_v1_executions__execution_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                execution_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The execution has already finished. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    execution_events_v1_executions__execution_id__events_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description Resume after this event (its `id`); EventSource sends it when it reconnects. Anything but a sequence number is refused (400). */
                "Last-Event-ID"?: string;
            };
            path: {
                execution_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `text/event-stream`: each event's `id` is its sequence number, `event` its type, `data` an ExecutionEventPublic as JSON; `: keep-alive` comments while idle. The stream ends after the execution's final event (or after `GATEWAY_SSE_MAX_SECONDS`, or when the token expires: reconnect with `Last-Event-ID`). */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": {
                        data: string;
                        event?: string;
                        id?: string;
                        retry?: number;
                    };
                };
            };
            /** @description `Last-Event-ID` is not the id of an event. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    retry_execution_v1_executions__execution_id__retry_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path: {
                execution_id: string;
            };
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RetryRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionPublic"];
                };
            };
            /** @description The body is not valid JSON. Or: `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only a failed or cancelled execution can be retried. Or: A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    batch_get_executions_v1_executions_batchGet_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchGetRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionsBatch"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    evaluate_expression_v1_expressions_evaluate_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExpressionEvaluate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpressionResult"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The value does not parse, fails to evaluate, or exceeds the expression budget (`errors[].field` is `value`), or the scope is not shaped as documented. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    hook_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `wait` mode: the workflow's output, as JSON. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "X-Execution-Id": components["headers"]["X-Execution-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description `async` mode: the run is queued. */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookAccepted"];
                };
            };
            /** @description `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The workflow requires a signature and `X-Jobsprint-Signature-256` is missing or wrong. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No active webhook at this URL. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This webhook accepts another method (see `Allow`). */
            405: {
                headers: {
                    Allow: components["headers"]["Allow"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body is larger than `GATEWAY_WEBHOOK_MAX_BODY_BYTES` (1 MiB unless configured). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body holds what no run can keep (a NUL character). Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests to this webhook URL. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The run failed (`execution_id` names it). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `wait` mode: the run did not finish in time (it goes on; `execution_id` names it), or a service did not answer within the request's time budget. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    hook_put: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path: {
                token: string;
            };
            cookie?: never;
        };
        /** @description A JSON body becomes the run's `input` (held to what a run can keep: 422 otherwise). Other bodies are taken too, as they come: a form (`application/x-www-form-urlencoded`) as an object, other text as a string. Signed workflows check `X-Jobsprint-Signature-256` against these exact bytes. */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StorableJson"];
            };
        };
        responses: {
            /** @description `wait` mode: the workflow's output, as JSON. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "X-Execution-Id": components["headers"]["X-Execution-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description `async` mode: the run is queued. */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookAccepted"];
                };
            };
            /** @description `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The workflow requires a signature and `X-Jobsprint-Signature-256` is missing or wrong. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No active webhook at this URL. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This webhook accepts another method (see `Allow`). */
            405: {
                headers: {
                    Allow: components["headers"]["Allow"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body is larger than `GATEWAY_WEBHOOK_MAX_BODY_BYTES` (1 MiB unless configured). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body holds what no run can keep (a NUL character). Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests to this webhook URL. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The run failed (`execution_id` names it). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `wait` mode: the run did not finish in time (it goes on; `execution_id` names it), or a service did not answer within the request's time budget. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    hook_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path: {
                token: string;
            };
            cookie?: never;
        };
        /** @description A JSON body becomes the run's `input` (held to what a run can keep: 422 otherwise). Other bodies are taken too, as they come: a form (`application/x-www-form-urlencoded`) as an object, other text as a string. Signed workflows check `X-Jobsprint-Signature-256` against these exact bytes. */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StorableJson"];
            };
        };
        responses: {
            /** @description `wait` mode: the workflow's output, as JSON. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "X-Execution-Id": components["headers"]["X-Execution-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description `async` mode: the run is queued. */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookAccepted"];
                };
            };
            /** @description `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The workflow requires a signature and `X-Jobsprint-Signature-256` is missing or wrong. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No active webhook at this URL. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This webhook accepts another method (see `Allow`). */
            405: {
                headers: {
                    Allow: components["headers"]["Allow"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body is larger than `GATEWAY_WEBHOOK_MAX_BODY_BYTES` (1 MiB unless configured). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body holds what no run can keep (a NUL character). Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests to this webhook URL. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The run failed (`execution_id` names it). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `wait` mode: the run did not finish in time (it goes on; `execution_id` names it), or a service did not answer within the request's time budget. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    hook_delete: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path: {
                token: string;
            };
            cookie?: never;
        };
        /** @description A JSON body becomes the run's `input` (held to what a run can keep: 422 otherwise). Other bodies are taken too, as they come: a form (`application/x-www-form-urlencoded`) as an object, other text as a string. Signed workflows check `X-Jobsprint-Signature-256` against these exact bytes. */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StorableJson"];
            };
        };
        responses: {
            /** @description `wait` mode: the workflow's output, as JSON. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "X-Execution-Id": components["headers"]["X-Execution-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description `async` mode: the run is queued. */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookAccepted"];
                };
            };
            /** @description `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The workflow requires a signature and `X-Jobsprint-Signature-256` is missing or wrong. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No active webhook at this URL. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This webhook accepts another method (see `Allow`). */
            405: {
                headers: {
                    Allow: components["headers"]["Allow"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body is larger than `GATEWAY_WEBHOOK_MAX_BODY_BYTES` (1 MiB unless configured). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body holds what no run can keep (a NUL character). Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests to this webhook URL. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The run failed (`execution_id` names it). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `wait` mode: the run did not finish in time (it goes on; `execution_id` names it), or a service did not answer within the request's time budget. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    hook_patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path: {
                token: string;
            };
            cookie?: never;
        };
        /** @description A JSON body becomes the run's `input` (held to what a run can keep: 422 otherwise). Other bodies are taken too, as they come: a form (`application/x-www-form-urlencoded`) as an object, other text as a string. Signed workflows check `X-Jobsprint-Signature-256` against these exact bytes. */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StorableJson"];
            };
        };
        responses: {
            /** @description `wait` mode: the workflow's output, as JSON. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "X-Execution-Id": components["headers"]["X-Execution-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description `async` mode: the run is queued. */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookAccepted"];
                };
            };
            /** @description `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The workflow requires a signature and `X-Jobsprint-Signature-256` is missing or wrong. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No active webhook at this URL. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This webhook accepts another method (see `Allow`). */
            405: {
                headers: {
                    Allow: components["headers"]["Allow"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body is larger than `GATEWAY_WEBHOOK_MAX_BODY_BYTES` (1 MiB unless configured). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The body holds what no run can keep (a NUL character). Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests to this webhook URL. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The run failed (`execution_id` names it). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `wait` mode: the run did not finish in time (it goes on; `execution_id` names it), or a service did not answer within the request's time budget. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    me_v1_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your account or workspace no longer exists. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    change_password_v1_me_password_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The current password is wrong, or the credential is not a signed-in user. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_sessions_v1_me_sessions_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionsPage"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    revoke_session_v1_me_sessions__session_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    my_workspaces_v1_me_workspaces_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MembershipsPage"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An API key belongs to one workspace: it has no others. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_members_v1_members_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MembersPage"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    add_member_v1_members_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPublic"];
                };
            };
            /** @description The body is not valid JSON. Or: `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No account uses that address. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description They are a member already. Or: A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    remove_member_v1_members__user_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This is the workspace's last owner: make another member owner first. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    update_member_v1_members__user_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPublic"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This is the workspace's last owner: make another member owner first. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_node_types_v1_node_types_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeTypesList"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_workflows_v1_workflows_get: {
        parameters: {
            query?: {
                /** @description Full-text search over name, description, tags and node names. */
                q?: string;
                /** @description Only workflows with every given tag (repeatable). */
                tag?: string[];
                active?: boolean;
                /** @description trigger.manual, trigger.webhook or trigger.cron. */
                trigger_type?: string;
                /** @description RFC 3339, with an offset. */
                updated_after?: string;
                /** @description RFC 3339, with an offset. */
                updated_before?: string;
                /** @description updated_at desc (default), updated_at, created_at[ desc], name[ desc], relevance (the search rank with q; without q there is no rank, and the default order applies). */
                order_by?: "" | "updated_at desc" | "updated_at" | "created_at desc" | "created_at" | "name" | "name desc" | "relevance";
                /** @description List the trash instead (restorable for 30 days). */
                deleted?: boolean;
                /** @description Page size (the service may cap it lower). */
                limit?: number;
                /** @description `next_cursor` of the previous page; none for the first. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    Link: components["headers"]["Link.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowsPage"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    create_workflow_v1_workflows_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    Location: components["headers"]["Location"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description The body is not valid JSON. Or: `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    import_workflow_v1_workflows_import_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowImport"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    Location: components["headers"]["Location"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description The body is not valid JSON. Or: `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    get_workflow_v1_workflows__workflow_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    delete_workflow_v1_workflows__workflow_id__delete: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` of the workflow as you last read it (`*`: whatever it is now); a stale one gets 412. */
                "if-match"?: string;
            };
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: read the resource again. */
            412: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    update_workflow_v1_workflows__workflow_id__patch: {
        parameters: {
            query?: never;
            header: {
                /** @description The `ETag` of the workflow as you last read it (`*`: whatever it is now); a stale one gets 412. */
                "if-match": string;
            };
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: read the resource again. */
            412: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `If-Match` is required: send the `ETag` of your last read. */
            428: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    activate_workflow_v1_workflows__workflow_id__activate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    deactivate_workflow_v1_workflows__workflow_id__deactivate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    export_workflow_v1_workflows__workflow_id__export_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowExport"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    restore_workflow_v1_workflows__workflow_id__restore_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    run_workflow_v1_workflows__workflow_id__run_post: {
        parameters: {
            query?: {
                /** @description Answer when the run has finished, with its output. */
                wait?: boolean;
            };
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (within 24 h) gets the first one's response instead of running again. Use a new UUID per operation. */
                "Idempotency-Key"?: string;
            };
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RunRequest"] | null;
            };
        };
        responses: {
            /** @description With `?wait=true`: the finished run. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    Location: components["headers"]["Location"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunFinished"];
                };
            };
            /** @description The run is queued (or `?wait=true` waited in vain). */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed.optional"];
                    Location: components["headers"]["Location"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunAccepted"] | components["schemas"]["RunFinished"];
                };
            };
            /** @description The body is not valid JSON. Or: `Idempotency-Key` is not 1 to 255 printable ASCII characters. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` seconds to get its response. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. Or: The `Idempotency-Key` was already used for a different request: use a new key for a new operation. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_versions_v1_workflows__workflow_id__versions_get: {
        parameters: {
            query?: {
                /** @description Page size (the service may cap it lower). */
                limit?: number;
                /** @description `next_cursor` of the previous page; none for the first. */
                cursor?: string;
            };
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    Link: components["headers"]["Link.optional"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionsPage"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    diff_versions_v1_workflows__workflow_id__versions_diff_get: {
        parameters: {
            query: {
                from: number;
                to: number;
            };
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    get_version_v1_workflows__workflow_id__versions__version__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    rollback_workflow_v1_workflows__workflow_id__versions__version__rollback_post: {
        parameters: {
            query?: never;
            header: {
                /** @description The `ETag` of the workflow as you last read it (`*`: whatever it is now); a stale one gets 412. */
                "if-match": string;
            };
            path: {
                workflow_id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: read the resource again. */
            412: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `If-Match` is required: send the `ETag` of your last read. */
            428: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    rotate_webhook_v1_workflows__workflow_id__webhook_rotate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The workflow's trigger is not `trigger.webhook`. */
            409: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    set_webhook_secret_v1_workflows__workflow_id__webhook_secret_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookSecret"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    clear_webhook_secret_v1_workflows__workflow_id__webhook_secret_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such resource in your workspace. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The workflow's trigger is not `trigger.webhook`. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    batch_get_workflows_v1_workflows_batchGet_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchGetRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowsBatch"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    validate_workflow_v1_workflows_validate_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowValidity"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    get_limits_v1_workspace_limits_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceLimitsPublic"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The workspace no longer exists. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    set_limits_v1_workspace_limits_put: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 2097152 bytes; unknown fields are refused (422). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["RateLimitOverrides"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceLimitsPublic"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, malformed, expired or revoked credentials. */
            401: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Your role in the workspace, or your API key's scopes, do not allow this. */
            403: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The workspace no longer exists. */
            404: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 2097152 bytes. */
            413: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request is invalid: `errors` names each field and what is wrong with it. */
            422: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description An unexpected error; it has been logged. */
            500: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service (or Redis, for the token revocation check) is unavailable: retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A service did not answer within the request's time budget. */
            504: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit.optional"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining.optional"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset.optional"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
}
