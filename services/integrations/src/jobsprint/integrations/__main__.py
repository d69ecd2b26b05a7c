from jobsprint.common import service
from jobsprint.integrations import bootstrap
from jobsprint.integrations.config import Settings


def serve(settings: Settings) -> None:
    bootstrap.build_server(settings).serve_until_signalled()


service.main(
    name="integrations",
    settings_factory=Settings,
    commands={"serve": serve},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
