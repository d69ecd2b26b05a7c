"""The route class of every `/v1` router: JSON request bodies are read with the one checked
parser (`jobsprint.common.jsondoc`, ADR-060), so a document that no service can keep — nested
too deep, holding a lone surrogate, a NUL, an integer beyond 64 bits — is a 422 naming its field
before any route, dependency or service sees it."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from jobsprint.common import jsondoc
from starlette.exceptions import HTTPException as StarletteHTTPException


class InvalidDocument(StarletteHTTPException):
    """422 for a body no service can keep. An HTTP exception, so FastAPI's body parsing lets it
    through to its handler (`problems.install`) instead of answering a generic 400."""

    def __init__(self, problem: jsondoc.UnstorableDocument) -> None:
        # The body's own field (`input`), and where inside it (`a.b[2]`).
        cut = min((i for i in (problem.where.find("."), problem.where.find("[")) if i >= 0), default=-1)
        field, rest = (
            (problem.where, "") if cut < 0 else (problem.where[:cut], problem.where[cut:].lstrip("."))
        )
        inside = f" (at {rest})" if rest else ""
        self.field = field or "body"
        self.message = f"must not hold {problem.what}{inside}"
        super().__init__(422, f"the request is invalid: {self.field}: {self.message}")


class DocumentRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            try:
                self._json = jsondoc.loads(await self.body())
            except jsondoc.UnstorableDocument as exc:
                raise InvalidDocument(exc) from exc
        return self._json


class DocumentRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def document_handler(request: Request) -> Response:
            return await handler(DocumentRequest(request.scope, request.receive))

        return document_handler
