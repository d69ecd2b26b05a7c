"""`ai`: chat completions through a provider abstraction (ADR-014). The first provider speaks
the OpenAI-compatible API (OpenAI, Ollama, vLLM, LM Studio, OpenRouter). Answers are cached in
Redis keyed by the request; token usage is returned for the step and counted against the
workspace's monthly budget."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import orjson
from jobsprint.common import outbound
from jobsprint.integrations.adapters.connectors.base import ActionContext
from jobsprint.integrations.adapters.connectors.httpcalls import mapped_errors, status_error
from jobsprint.integrations.domain.connector import (
    Action,
    ActionResult,
    Credential,
    PermanentError,
    Usage,
    object_schema,
)

MESSAGE = object_schema(
    {"role": {"enum": ["system", "user", "assistant", "tool"]}, "content": {"type": "string"}},
    ("role", "content"),
    additional=True,
)
CHAT = Action(
    "chat",
    "A chat completion. Identical requests are answered from the cache unless `cache` is false.",
    object_schema(
        {
            "model": {"type": "string", "minLength": 1, "maxLength": 200},
            "messages": {"type": "array", "items": MESSAGE, "minItems": 1, "maxItems": 500},
            "prompt": {"type": "string", "description": "Shorthand for one user message."},
            "system": {"type": "string", "description": "A system message put first."},
            "temperature": {"type": "number", "minimum": 0, "maximum": 2},
            "max_tokens": {"type": "integer", "minimum": 1},
            "top_p": {"type": "number", "minimum": 0, "maximum": 1},
            "stop": {"type": ["string", "array"]},
            "response_format": {"type": "object"},
            "cache": {"type": "boolean"},
        },
    ),
    object_schema(
        {
            "content": {"type": "string"},
            "model": {"type": "string"},
            "finish_reason": {"type": ["string", "null"]},
            "usage": {"type": "object"},
            "cached": {"type": "boolean"},
        },
        ("content", "usage"),
    ),
)
PASSED_THROUGH = ("temperature", "max_tokens", "top_p", "stop", "response_format")


@dataclass(frozen=True)
class Completion:
    content: str
    model: str
    finish_reason: str | None
    usage: Usage


class ChatProvider(Protocol):
    def complete(
        self, ctx: ActionContext, credential: Credential, request: Mapping[str, Any]
    ) -> Completion: ...


class OpenAICompatible:
    """POST {base_url}/chat/completions with `Authorization: Bearer <api_key>`."""

    def complete(self, ctx: ActionContext, credential: Credential, request: Mapping[str, Any]) -> Completion:
        url = str(credential.config["base_url"]).rstrip("/") + "/chat/completions"
        headers = {"Content-Type": "application/json"}
        if credential.secret.get("api_key"):
            headers["Authorization"] = f"Bearer {credential.secret['api_key']}"
        with (
            ctx.http(timeout=ctx.limits.ai_timeout_seconds, max_redirects=0) as client,
            mapped_errors("chat completion"),
        ):
            fetched = outbound.fetch(
                client,
                "POST",
                url,
                max_bytes=ctx.limits.http_max_response_bytes,
                seconds=ctx.limits.ai_timeout_seconds,
                content=orjson.dumps(request),
                headers=headers,
            )
        response, raw = fetched.response, fetched.body
        if response.status_code != 200:
            raise status_error(response.status_code, "chat completion", raw.decode(errors="replace"))
        try:
            body = orjson.loads(raw)
            choice = body["choices"][0]
            usage = body.get("usage") or {}
            return Completion(
                content=str(choice["message"].get("content") or ""),
                model=str(body.get("model", request["model"])),
                finish_reason=choice.get("finish_reason"),
                usage=Usage(int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))),
            )
        except (orjson.JSONDecodeError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise PermanentError("the provider's answer is not an OpenAI-style chat completion") from exc


def _request(credential: Credential, parameters: Mapping[str, Any]) -> dict[str, Any]:
    model = parameters.get("model") or credential.config.get("model")
    if not model:
        raise PermanentError("no model: give `model`, or set `model` on the ai_provider credential")
    messages: list[Any] = []
    if parameters.get("system"):
        messages.append({"role": "system", "content": str(parameters["system"])})
    messages.extend(parameters.get("messages") or [])
    if parameters.get("prompt"):
        messages.append({"role": "user", "content": str(parameters["prompt"])})
    if not messages:
        raise PermanentError("give `messages` or `prompt`")
    request: dict[str, Any] = {"model": str(model), "messages": messages}
    request.update({key: parameters[key] for key in PASSED_THROUGH if key in parameters})
    return request


def cache_key(workspace_id: str, base_url: str, request: Mapping[str, Any]) -> str:
    """Workspace, endpoint and the normalised request (ADR-014); never the API key."""
    normalised = orjson.dumps(
        {"workspace": workspace_id, "endpoint": base_url.rstrip("/"), "request": request},
        option=orjson.OPT_SORT_KEYS,
    )
    return "jobsprint:ai-cache:v1:" + hashlib.sha256(normalised).hexdigest()


def _output(completion: Completion, *, cached: bool) -> dict[str, Any]:
    return {
        "content": completion.content,
        "model": completion.model,
        "finish_reason": completion.finish_reason,
        "usage": {
            "prompt_tokens": completion.usage.prompt_tokens,
            "completion_tokens": completion.usage.completion_tokens,
            "total_tokens": completion.usage.total_tokens,
        },
        "cached": cached,
    }


class AiConnector:
    name = "ai"
    description = "AI chat completions from any OpenAI-compatible endpoint, cached, with token budgets."
    credential_types = ("ai_provider",)
    credential_required = True
    actions = (CHAT,)

    def __init__(self, provider: ChatProvider | None = None) -> None:
        self._provider = provider or OpenAICompatible()

    def invoke(self, ctx: ActionContext, action: str, parameters: Mapping[str, Any]) -> ActionResult:
        credential = ctx.credential
        assert credential is not None
        request = _request(credential, parameters)
        use_cache = bool(parameters.get("cache", True)) and ctx.limits.ai_cache_ttl_seconds > 0
        key = cache_key(ctx.workspace_id, str(credential.config["base_url"]), request)
        if use_cache and (hit := ctx.cache.get(key)) is not None:
            output = orjson.loads(hit)
            output["cached"] = True
            return ActionResult(output, usage=Usage(), cached=True)
        ctx.budget.check(ctx.workspace_id)
        completion = self._provider.complete(ctx, credential, request)
        ctx.budget.record(ctx.workspace_id, completion.usage)
        output = _output(completion, cached=False)
        if use_cache:
            ctx.cache.set(key, orjson.dumps(output), ctx.limits.ai_cache_ttl_seconds)
        return ActionResult(output, usage=completion.usage)

    def test(self, ctx: ActionContext, target: str) -> str:
        credential = ctx.credential
        assert credential is not None
        url = str(credential.config["base_url"]).rstrip("/") + "/models"
        headers = {}
        if credential.secret.get("api_key"):
            headers["Authorization"] = f"Bearer {credential.secret['api_key']}"
        with (
            ctx.http(timeout=ctx.limits.http_timeout_seconds, max_redirects=0) as client,
            mapped_errors("model list"),
        ):
            response = outbound.fetch(
                client,
                "GET",
                url,
                max_bytes=ctx.limits.http_max_response_bytes,
                seconds=ctx.limits.http_timeout_seconds,
                headers=headers,
            ).response
        if response.status_code != 200:
            raise status_error(response.status_code, "model list")
        return "the endpoint listed its models"


CONNECTOR = AiConnector()
