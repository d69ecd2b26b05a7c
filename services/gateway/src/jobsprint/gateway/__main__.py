import jobsprint.common.lean_imports  # noqa: F401  (first: keeps unused library parts out, ADR-103)
import uvicorn
from jobsprint.common import observability
from jobsprint.gateway.app import create_app
from jobsprint.gateway.config import Settings


def main() -> None:
    settings = Settings()
    observability.record_build_info("gateway")
    observability.configure_logging(service="gateway", level=settings.log_level)
    observability.configure_tracing(service="gateway", otlp_endpoint=settings.otlp_endpoint)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
        # Forwarded headers are the app's business, from GATEWAY_TRUSTED_PROXIES only (`create_app`):
        # uvicorn's default believes them from any loopback peer.
        proxy_headers=False,
    )


main()
