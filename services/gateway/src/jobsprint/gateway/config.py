import ipaddress
from urllib.parse import urlsplit

from jobsprint.common.settings import BaseServiceSettings
from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict


class Settings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)

    host: str = Field("127.0.0.1", description="Address the HTTP server binds.")
    port: int = Field(8080, description="HTTP port of the public API.")
    auth_target: str = Field("127.0.0.1:50051", description="gRPC target of the auth service.")
    workflows_target: str = Field("127.0.0.1:50052", description="gRPC target of the workflows service.")
    executor_target: str = Field("127.0.0.1:50053", description="gRPC target of the executor service.")
    integrations_target: str = Field(
        "127.0.0.1:50054", description="gRPC target of the integrations service."
    )
    rpc_timeout_seconds: float = Field(
        10.0,
        gt=0,
        description="Time budget of one HTTP request: every gRPC call it makes gets what remains of it as "
        "its deadline (504 when it runs out). `?wait=true` runs and `wait`-mode webhooks add their wait.",
    )
    run_wait_seconds: float = Field(
        30.0, gt=0, description="How long `?wait=true` waits for a run to finish."
    )
    rate_limit_per_minute: int = Field(
        6000,
        ge=1,
        description="Reads (GET) per minute per caller (user or API key) on authenticated routes (100/s); "
        "a workspace may override it (`PUT /v1/workspace/limits`).",
    )
    rate_limit_write_per_minute: int = Field(
        3000,
        ge=1,
        description="Writes and runs (POST, PATCH, PUT, DELETE) per minute per caller (50/s: between the "
        "10,000 and 20,000 per 5 minutes a hosted automation service allows a user); a workspace may "
        "override it.",
    )
    auth_rate_limit_per_minute: int = Field(
        30, ge=1, description="Requests per minute per client address on register, login and refresh."
    )
    login_failures_per_account: int = Field(
        10,
        ge=1,
        description="Failed logins per account within the window; beyond it every login for the account "
        "gets 429 until the window slides (brute-force protection, per e-mail address).",
    )
    registrations_per_account_per_hour: int = Field(
        5, ge=1, description="Registration attempts per e-mail address per hour (429 beyond)."
    )
    login_failure_window_seconds: int = Field(
        900, ge=1, description="The window failed logins are counted in."
    )
    max_body_bytes: int = Field(
        2 * 1024 * 1024, ge=1024, description="Largest request body accepted (413 above)."
    )
    public_url: str = Field(
        "", description="Base URL clients reach the gateway at, for webhook URLs; empty uses the request's."
    )
    webhook_max_body_bytes: int = Field(
        1024 * 1024, ge=1, description="Largest webhook request body accepted (413 above)."
    )
    webhook_wait_seconds: float = Field(
        30.0, gt=0, description="How long a `wait`-mode webhook waits for the run's output (504 after)."
    )
    webhook_rate_limit_per_minute: int = Field(
        1800,
        ge=1,
        description="Requests per minute per webhook URL (30/s, what hosted automation services allow a "
        "webhook); a workspace may override it.",
    )
    workspace_limits_enabled: bool = Field(
        True,
        description="Apply the overrides of the rate limits that each workspace's owners and admins set "
        "(kept by the auth service); off: the defaults above for everyone.",
    )
    workspace_limits_cache_seconds: float = Field(
        30.0,
        gt=0,
        description="How long each gateway process keeps a workspace's limits: a change applies on every "
        "replica within this time.",
    )
    workspace_limit_max_per_minute: int = Field(
        100_000,
        ge=1,
        description="The ceiling of any workspace's override, per minute: what one workspace may take of "
        "a shared deployment, whatever its admins set.",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks of the reverse proxies in front of the gateway, as JSON "
        '(`["10.0.0.0/8"]`): only a request whose peer is one of them has its `X-Forwarded-For` and '
        "`X-Forwarded-Proto` believed, for the client address the per-address limits count. Empty (the "
        "default) believes no forwarded header: the peer is the client.",
    )
    cors_allowed_origins: list[str] = Field(
        default_factory=list,
        description='Origins browsers may call the API from (CORS), as JSON: `["https://app.example.com"]`. '
        "Empty (the default) allows none; `*` is refused (credentials travel in a header, but a wildcard "
        "would let any site read responses).",
    )
    cors_max_age_seconds: int = Field(600, ge=0, description="How long browsers may cache a CORS preflight.")
    session_cookie_max_age_seconds: int = Field(
        86_400,
        ge=60,
        description="Lifetime of the browser's refresh cookie (Studio); match the auth service's "
        "session lifetime (`AUTH_SESSION_TTL_SECONDS`).",
    )
    web_dir: str = Field(
        "",
        description="Folder of the built Studio web app served at `/` (index.html and assets/); empty "
        "finds `web/dist` of the source tree.",
    )
    cache_enabled: bool = Field(
        True,
        description="Serve workflow reads and the connector catalogue from the response cache (ADR-044).",
    )
    cache_local_ttl_seconds: float = Field(
        60.0, ge=0, description="Lifetime of an entry in the in-process cache (L1); 0 turns L1 off."
    )
    cache_local_max_entries: int = Field(
        10_000, ge=1, description="Entries the in-process cache holds at most."
    )
    cache_redis_ttl_seconds: int = Field(
        3600, ge=0, description="Lifetime of an entry in the Redis cache (L2); 0 turns L2 off."
    )
    idempotency_ttl_seconds: int = Field(
        24 * 3600, ge=60, description="How long a response is kept for replay under its Idempotency-Key."
    )
    idempotency_lock_seconds: int = Field(
        120,
        ge=5,
        description="Longest a request holds its Idempotency-Key while in flight (a crashed gateway's "
        "claim lapses after it); longer than the slowest request (`?wait=true` runs).",
    )
    sse_heartbeat_seconds: float = Field(
        15.0, gt=0, description="Seconds between keep-alive comments on an idle event stream."
    )
    sse_poll_seconds: float = Field(
        10.0,
        gt=0,
        description="An event stream with no live event for this long asks the executor for missed "
        "ones (covers a lost pub/sub message or an unreachable Redis or RabbitMQ).",
    )
    sse_max_seconds: float = Field(
        300.0,
        gt=0,
        description="An event stream ends after this long; the client reconnects with Last-Event-ID "
        "(and a fresh token).",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, proxies: list[str]) -> list[str]:
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ValueError(
                    f"{proxy!r} is not an IP address or network; list each proxy (`*` is refused: it would "
                    "let any client choose the address its limits count against)"
                ) from None
        return proxies

    @field_validator("cors_allowed_origins")
    @classmethod
    def _no_wildcard_origin(cls, origins: list[str]) -> list[str]:
        if "*" in origins:
            raise ValueError("GATEWAY_CORS_ALLOWED_ORIGINS may not be `*`; list the origins")
        for origin in origins:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
                raise ValueError(f"{origin!r} is not an origin: scheme://host[:port], nothing after it")
        return origins
