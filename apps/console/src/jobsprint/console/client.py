"""The one client of the public `/v1` API that every command and TUI screen goes through.

Answers are returned as the API sent them (parsed JSON), so `-o json` prints the API's own
shape. A problem+json answer becomes an `ApiError` carrying the problem and the exit code that
means it (`exits`); a gateway that cannot be reached is an `ApiError` too, with no status.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from jobsprint.console import exits

USER_AGENT = "jobsprint-console"
DEFAULT_URL = "http://127.0.0.1:8080"


class ApiError(Exception):
    def __init__(self, message: str, *, status: int | None = None, problem: dict[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        self.problem = problem or {}

    @property
    def exit_code(self) -> int:
        return exits.for_status(self.status)

    @property
    def field_errors(self) -> list[dict[str, str]]:
        return list(self.problem.get("errors") or [])


@dataclass(frozen=True)
class Event:
    """One event of an execution's stream (`GET /v1/executions/{id}/events`)."""

    id: int
    type: str
    data: dict[str, Any]


@dataclass
class Api:
    """`token` is an access token or an API key (`jsk_…`): both go as the bearer credential.
    `refresh` is called once when a request answers 401, and returns a new token (or None)."""

    url: str = DEFAULT_URL
    token: str | None = None
    timeout: float = 30.0
    refresh: Callable[[], str | None] | None = None
    transport: httpx.BaseTransport | None = None
    _http: httpx.Client | None = field(default=None, repr=False)

    @property
    def http(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(
                base_url=self.url.rstrip("/"),
                timeout=self.timeout,
                headers={"User-Agent": USER_AGENT},
                transport=self.transport,
            )
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        authenticated: bool = True,
    ) -> httpx.Response:
        clean = {k: v for k, v in (params or {}).items() if v is not None and v != [] and v != ""}
        for attempt in (1, 2):
            try:
                response = self.http.request(
                    method,
                    path,
                    json=json_body,
                    params=clean,
                    headers=self._headers(headers) if authenticated else dict(headers or {}),
                )
            except httpx.TransportError as exc:
                raise ApiError(f"cannot reach the API at {self.url}: {exc}") from exc
            if response.status_code == 401 and authenticated and attempt == 1 and self.refresh is not None:
                renewed = self.refresh()
                if renewed:
                    self.token = renewed
                    continue
            break
        if response.status_code >= 400:
            raise _error(response)
        return response

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params).json()

    def post(self, path: str, body: Any = None, *, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        response = self.request("POST", path, json_body=body, params=params, **kw)
        return response.json() if response.content else None

    def patch(self, path: str, body: Any, *, headers: dict[str, str] | None = None) -> Any:
        return self.request("PATCH", path, json_body=body, headers=headers).json()

    def delete(self, path: str) -> None:
        self.request("DELETE", path)

    def pages(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every page of a list, following `next_cursor`."""
        cursor = params.pop("cursor", None)
        while True:
            page = self.get(path, **params, cursor=cursor)
            yield page
            cursor = page.get("next_cursor")
            if not cursor:
                return

    def list(self, path: str, *, all_pages: bool = False, **params: Any) -> dict[str, Any]:
        """One page as the API answers it; with `all_pages`, every item in one page of that shape."""
        if not all_pages:
            return self.get(path, **params)  # type: ignore[no-any-return]
        items: list[Any] = []
        for page in self.pages(path, **params):
            items.extend(page.get("items", []))
        return {"items": items, "next_cursor": None}

    # -- auth -------------------------------------------------------------------------------

    def login(self, email: str, password: str) -> dict[str, Any]:
        return self.post(  # type: ignore[no-any-return]
            "/v1/auth/login", {"email": email, "password": password}, authenticated=False
        )

    def refresh_tokens(self, refresh_token: str) -> dict[str, Any]:
        return self.post(  # type: ignore[no-any-return]
            "/v1/auth/refresh", {"refresh_token": refresh_token}, authenticated=False
        )

    def me(self) -> dict[str, Any]:
        return self.get("/v1/me")  # type: ignore[no-any-return]

    # -- workflows --------------------------------------------------------------------------

    def workflow(self, workflow_id: str) -> dict[str, Any]:
        return self.get(f"/v1/workflows/{workflow_id}")  # type: ignore[no-any-return]

    def workflow_with_etag(self, workflow_id: str) -> tuple[dict[str, Any], str]:
        response = self.request("GET", f"/v1/workflows/{workflow_id}")
        return response.json(), response.headers.get("ETag", "")

    def run(self, workflow_id: str, run_input: Any, *, wait: bool = False) -> dict[str, Any]:
        return self.post(  # type: ignore[no-any-return]
            f"/v1/workflows/{workflow_id}/run",
            {"input": run_input},
            params={"wait": "true" if wait else None},
        )

    # -- executions -------------------------------------------------------------------------

    def execution(self, execution_id: str) -> dict[str, Any]:
        return self.get(f"/v1/executions/{execution_id}")  # type: ignore[no-any-return]

    def events(
        self, execution_id: str, *, after: int = 0, idle_timeout: float | None = None
    ) -> Iterator[Event]:
        """The execution's events, replayed then live, until its final one (the stream ends);
        with `idle_timeout`, also once no event has come for that long."""
        headers = self._headers({"Accept": "text/event-stream"})
        if after:
            headers["Last-Event-ID"] = str(after)
        # The server sends a keep-alive every 15 s, so a read never waits longer unless it is gone.
        timeout = httpx.Timeout(10.0, read=idle_timeout or 60.0)
        try:
            with self.http.stream(
                "GET", f"/v1/executions/{execution_id}/events", headers=headers, timeout=timeout
            ) as response:
                if response.status_code >= 400:
                    response.read()
                    raise _error(response)
                yield from parse_sse(response.iter_lines())
        except httpx.ReadTimeout:
            if idle_timeout is None:
                raise ApiError(f"the event stream of {execution_id} went silent") from None
        except httpx.TransportError as exc:
            raise ApiError(f"the event stream of {execution_id} broke off: {exc}") from exc


def parse_sse(lines: Iterator[str]) -> Iterator[Event]:
    """Server-Sent Events (id, event, data fields; comments ignored) as `Event`s."""
    event_id, event_type, data = 0, "", list[str]()
    for line in lines:
        if not line:
            if data:
                yield Event(event_id, event_type, json.loads("\n".join(data)))
            event_id, event_type, data = 0, "", list[str]()
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "id" and value.isdigit():
                event_id = int(value)
            elif name == "event":
                event_type = value
            elif name == "data":
                data.append(value)
    if data:
        yield Event(event_id, event_type, json.loads("\n".join(data)))


def _error(response: httpx.Response) -> ApiError:
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    detail = problem.get("detail") or problem.get("title") or response.reason_phrase
    return ApiError(f"{response.status_code} {detail}", status=response.status_code, problem=problem)
