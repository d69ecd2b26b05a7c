"""The rendered API reference at `/v1/docs`: Swagger UI over `/v1/openapi.json`, served from this
process (the assets ship in the `fastapi-offline` package) rather than a CDN, so the page works
without internet access and its Content-Security-Policy can allow this origin alone. The page
has no inline script (its initialiser is `/v1/docs/init.js`); Swagger UI sets inline styles and
uses `data:` images, which its policy allows."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/v1/docs/assets/swagger-ui.css">
<link rel="icon" href="/v1/docs/assets/favicon.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/v1/docs/assets/swagger-ui-bundle.js"></script>
<script src="/v1/docs/init.js"></script>
</body>
</html>
"""

INIT = """window.ui = SwaggerUIBundle({
  url: "/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
"""


def install(app: FastAPI) -> None:
    app.mount("/v1/docs/assets", StaticFiles(directory=ASSETS), name="docs-assets")
    page = PAGE.format(title=f"{app.title} reference")

    @app.get("/v1/docs", include_in_schema=False)
    async def reference() -> HTMLResponse:
        return HTMLResponse(page, headers={"Content-Security-Policy": DOCS_CSP})

    @app.get("/v1/docs/init.js", include_in_schema=False)
    async def reference_script() -> Response:
        return Response(INIT, media_type="text/javascript", headers={"Content-Security-Policy": DOCS_CSP})
