"""Jobsprint Studio, the web app, served at `/` from its built folder (`web/dist`, ADR-070).

- `/assets/<hashed name>`: `Cache-Control: public, max-age=31536000, immutable` (the name changes
  with the content), gzip when the browser takes it (compressed once, kept in memory).
- every other path outside `/v1/`, `/healthz`, `/readyz` and `/metrics` is a route of the app:
  `index.html`, `no-cache` (revalidated, so a deploy is picked up at once). A path that looks like a
  file (has a dot) and is not one is a 404.
- the app's pages get their own Content-Security-Policy: scripts, styles, fonts and requests
  from this origin only; no inline script, no `eval`; nothing may frame them.

Without a built app, `/` says how to build it rather than failing.
"""

from __future__ import annotations

import gzip
import mimetypes
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from jobsprint.gateway.problems import Problem
from starlette.types import Receive, Scope, Send

APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
IMMUTABLE = "public, max-age=31536000, immutable"
RESERVED = ("v1/", "v1", "healthz", "readyz", "metrics")
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".map", ".txt", ".html")

NOT_BUILT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Jobsprint Studio is not built</title></head>
<body><main><h1>Jobsprint Studio is not built</h1>
<p>Run <code>make web</code> (or <code>make up</code>, which builds it when missing), then reload.
The API is at <a href="/v1/docs">/v1/docs</a>.</p></main></body></html>
"""


def default_dir() -> Path:
    # services/gateway/src/jobsprint/gateway/studio.py → the repository (or image) root.
    return Path(__file__).resolve().parents[5] / "web" / "dist"


class Studio:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._gzipped: dict[Path, bytes] = {}

    def asset(self, name: str) -> Path | None:
        path = (self.root / "assets" / name).resolve()
        if path.parent != (self.root / "assets").resolve() or not path.is_file():
            return None
        return path

    def gzipped(self, path: Path) -> bytes:
        cached = self._gzipped.get(path)
        if cached is None:
            cached = self._gzipped[path] = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        return cached

    def index(self) -> bytes | None:
        try:
            return (self.root / "index.html").read_bytes()
        except FileNotFoundError:
            return None


def install(app: FastAPI, web_dir: str) -> None:
    studio = Studio(Path(web_dir) if web_dir else default_dir())

    @app.get("/assets/{name}", include_in_schema=False)
    async def asset(name: str, request: Request) -> Response:
        path = studio.asset(name)
        if path is None:
            raise Problem(404, f"no asset {name!r}: reload the page for the current version")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {"Cache-Control": IMMUTABLE, "Content-Security-Policy": APP_CSP, "Vary": "Accept-Encoding"}
        if path.suffix in COMPRESSIBLE and "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(studio.gzipped(path), media_type=media_type, headers=headers)
        return Response(path.read_bytes(), media_type=media_type, headers=headers)

    not_found = app.router.default

    async def page(scope: Scope, receive: Receive, send: Send) -> None:
        # The router's fallback, not a catch-all route: a route would turn every unknown path's
        # other methods into 405s, and `/v1/...` must answer as it did (a problem+json 404).
        path = scope["path"].lstrip("/")
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or path.startswith(RESERVED):
            await not_found(scope, receive, send)
            return
        headers = {"Cache-Control": "no-cache", "Content-Security-Policy": APP_CSP}
        if "." in path.rsplit("/", 1)[-1]:
            await not_found(scope, receive, send)
            return
        body = studio.index()
        if body is None:
            response: Response = HTMLResponse(NOT_BUILT, status_code=503, headers=headers)
        else:
            response = HTMLResponse(body, headers=headers)
        await response(scope, receive, send)

    app.router.default = page
