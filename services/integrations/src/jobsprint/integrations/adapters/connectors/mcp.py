"""`mcp`: any Model Context Protocol server over streamable HTTP, with the official `mcp` SDK
(ADR-015). The server's tools are its actions: `list_tools` names them with their input schemas,
`call_tool` validates the arguments against the tool's schema and calls it. Every HTTP request
the SDK makes goes through the SSRF guard (an httpx client with the guarded transport)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import anyio
import httpx
from jobsprint.common import outbound
from jobsprint.common.outbound import OutboundRefused
from jobsprint.integrations.adapters.connectors.base import ActionContext
from jobsprint.integrations.domain.connector import (
    Action,
    ActionError,
    ActionResult,
    Credential,
    PermanentError,
    RetryableError,
    object_schema,
)

if TYPE_CHECKING:
    from mcp import ClientSession

LIST_TOOLS = Action(
    "list_tools",
    "The MCP server's tools, each with its input JSON schema.",
    object_schema({}),
    object_schema({"tools": {"type": "array"}}, ("tools",)),
)
CALL_TOOL = Action(
    "call_tool",
    "Call one tool of the MCP server with `arguments` (checked against the tool's input schema).",
    object_schema(
        {"tool": {"type": "string", "minLength": 1, "maxLength": 200}, "arguments": {"type": "object"}},
        ("tool",),
    ),
    object_schema(
        {
            "text": {"type": "string"},
            "content": {"type": "array"},
            "structured": {},
        },
        ("text", "content"),
    ),
)


def _flatten(error: BaseException) -> BaseException:
    """The first leaf of an exception group (anyio task groups wrap what the transport raised)."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def _mapped(error: BaseException) -> ActionError:
    leaf = _flatten(error)
    if isinstance(leaf, ActionError):
        return leaf
    if isinstance(leaf, OutboundRefused):
        return PermanentError(f"MCP server refused by the SSRF guard: {leaf}")
    if isinstance(leaf, httpx.HTTPStatusError):
        status = leaf.response.status_code
        kind = RetryableError if status in (408, 429, 500, 502, 503, 504) else PermanentError
        return kind(f"the MCP server answered HTTP {status}")
    if isinstance(leaf, httpx.TransportError | TimeoutError | OSError):
        return RetryableError(f"cannot reach the MCP server: {leaf}")
    return PermanentError(f"the MCP session failed: {type(leaf).__name__}: {leaf}")


class McpConnector:
    name = "mcp"
    description = "Tools of any Model Context Protocol server (streamable HTTP), Zapier's among them."
    credential_types = ("mcp",)
    credential_required = True
    actions = (LIST_TOOLS, CALL_TOOL)

    async def _session(self, ctx: ActionContext, credential: Credential, work: Any) -> Any:
        # The MCP SDK (its server side, starlette and uvicorn with it: 16 MB) is imported by the
        # first MCP call, not by the service's start (ADR-103).
        from mcp import ClientSession
        from mcp.client.streamable_http import streamable_http_client

        headers = {}
        if credential.secret.get("token"):
            headers["Authorization"] = f"Bearer {credential.secret['token']}"
        timeout = ctx.limits.mcp_timeout_seconds
        with anyio.fail_after(timeout):
            async with (
                outbound.async_client(ctx.policy, timeout=timeout, headers=headers) as http,
                streamable_http_client(str(credential.config["url"]), http_client=http) as (read, write, _),
                ClientSession(read, write) as session,
            ):
                await session.initialize()
                return await work(session)

    def _run(self, ctx: ActionContext, work: Any) -> Any:
        assert ctx.credential is not None
        credential = ctx.credential
        try:
            return anyio.run(self._session, ctx, credential, work)
        except ActionError:
            raise
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            raise _mapped(error) from error

    def tools(self, ctx: ActionContext) -> list[dict[str, Any]]:
        async def work(session: ClientSession) -> list[dict[str, Any]]:
            listed = await session.list_tools()
            return [
                {"name": t.name, "description": t.description or "", "input_schema": t.inputSchema}
                for t in listed.tools
            ]

        return self._run(ctx, work)  # type: ignore[no-any-return]

    def invoke(self, ctx: ActionContext, action: str, parameters: Mapping[str, Any]) -> ActionResult:
        if action == "list_tools":
            return ActionResult({"tools": self.tools(ctx)})
        tool, arguments = str(parameters["tool"]), dict(parameters.get("arguments") or {})

        async def work(session: ClientSession) -> dict[str, Any]:
            listed = await session.list_tools()
            found = next((t for t in listed.tools if t.name == tool), None)
            if found is None:
                names = ", ".join(t.name for t in listed.tools)
                raise PermanentError(f"the MCP server has no tool {tool!r}; it has {names}")
            from jsonschema import Draft202012Validator

            problems = [e.message for e in Draft202012Validator(found.inputSchema).iter_errors(arguments)]
            if problems:
                raise PermanentError(f"arguments of tool {tool!r} are invalid: {'; '.join(problems[:5])}")
            result = await session.call_tool(tool, arguments)
            content = [block.model_dump(mode="json", exclude_none=True) for block in result.content]
            text = "\n".join(str(block.get("text", "")) for block in content if block.get("type") == "text")
            if result.isError:
                raise PermanentError(f"tool {tool!r} failed: {text[:500]}")
            return {"text": text, "content": content, "structured": result.structuredContent}

        return ActionResult(self._run(ctx, work))

    def test(self, ctx: ActionContext, target: str) -> str:
        return f"connected; the server offers {len(self.tools(ctx))} tools"


CONNECTOR = McpConnector()
