"""`chat`: post a message to a Slack-compatible incoming webhook (Slack, Mattermost, Discord's
`/slack` endpoint, Rocket.Chat)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from jobsprint.common import outbound
from jobsprint.integrations.adapters.connectors.base import ActionContext
from jobsprint.integrations.adapters.connectors.httpcalls import mapped_errors, status_error
from jobsprint.integrations.domain.connector import (
    Action,
    ActionResult,
    PermanentError,
    object_schema,
)

POST = Action(
    "post",
    "Post `text` (and optional Block Kit `blocks`) to an incoming webhook: the URL of a "
    "`chat_webhook` credential, or `webhook_url`.",
    object_schema(
        {
            "webhook_url": {"type": "string", "pattern": "^https?://", "maxLength": 2048},
            "text": {"type": "string", "minLength": 1, "maxLength": 40000},
            "blocks": {"type": "array"},
            "username": {"type": "string", "maxLength": 80},
            "icon_emoji": {"type": "string", "maxLength": 80},
            "icon_url": {"type": "string", "maxLength": 2048},
            "channel": {"type": "string", "maxLength": 200},
        },
        ("text",),
    ),
    object_schema({"status": {"type": "integer"}, "response": {"type": "string"}}, ("status",)),
)


class ChatConnector:
    name = "chat"
    description = "Slack-compatible incoming webhooks: Slack, Mattermost, Discord (Slack mode)."
    credential_types = ("chat_webhook",)
    credential_required = False
    actions = (POST,)

    def invoke(self, ctx: ActionContext, action: str, parameters: Mapping[str, Any]) -> ActionResult:
        payload = {key: value for key, value in parameters.items() if key != "webhook_url"}
        if ctx.credential is not None:
            url = str(ctx.credential.secret["url"])
        elif parameters.get("webhook_url"):
            url = str(parameters["webhook_url"])
        else:
            raise PermanentError("give a chat_webhook credential or `webhook_url`")
        with (
            ctx.http(timeout=ctx.limits.http_timeout_seconds, max_redirects=0) as client,
            mapped_errors("chat webhook"),
        ):
            fetched = outbound.fetch(
                client,
                "POST",
                url,
                max_bytes=64 * 1024,
                seconds=ctx.limits.http_timeout_seconds,
                content=orjson.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        response, body = fetched.response, fetched.body.decode(errors="replace")
        if response.status_code >= 400:
            # The webhook URL is itself a secret: never put it in an error.
            raise status_error(response.status_code, "chat webhook", body)
        return ActionResult({"status": response.status_code, "response": body})

    def test(self, ctx: ActionContext, target: str) -> str:
        # Posting is the only thing a webhook does; a test must not spam the channel.
        raise PermanentError("a chat webhook cannot be tested without posting a message")


CONNECTOR = ChatConnector()
