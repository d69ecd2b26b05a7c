from jobsprint.common.settings import GrpcServiceSettings, OutboundSettings
from jobsprint.executor.domain import sandboxing as sandbox
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class Settings(GrpcServiceSettings, OutboundSettings):
    """`outbound_*`: where `core.http_request` may connect (the SSRF guard, as for integrations)."""

    model_config = SettingsConfigDict(env_prefix="EXECUTOR_", extra="ignore", populate_by_name=True)

    database_url: str = "postgresql+psycopg://jobsprint_executor@127.0.0.1:5432/jobsprint"
    grpc_port: int = 50053
    metrics_port: int = 9104
    worker_prefetch: int = Field(4, ge=1, le=256, description="Unacked run messages a worker holds at once.")
    lease_ttl_seconds: int = Field(
        15, ge=2, description="How long a lease lasts unrenewed: a killed worker's execution waits this long."
    )
    max_steps: int = Field(1000, ge=1, description="Steps one execution may take before it fails.")
    max_output_bytes: int = Field(1024 * 1024, ge=1024, description="Largest output one step may produce.")
    integrations_target: str = Field(
        "127.0.0.1:50054", description="gRPC target of the integrations service."
    )
    integrations_deadline_seconds: float = Field(
        300.0, gt=0, description="Deadline of one integration action called by a worker."
    )
    workflows_target: str = Field(
        "127.0.0.1:50052", description="gRPC target of the workflows service (subworkflows, error workflows)."
    )
    workflows_deadline_seconds: float = Field(
        10.0, gt=0, description="Deadline of one read of a workflow's definition by a worker."
    )
    max_subworkflow_depth: int = Field(
        10, ge=1, le=100, description="How deep subworkflow calls may nest before the deepest call fails."
    )
    branch_concurrency: int = Field(
        8,
        ge=1,
        le=64,
        description="Nodes of one execution that may wait on I/O at once (independent branches); 1 runs"
        " them one after the other.",
    )
    default_node_timeout_seconds: float = Field(
        300.0, gt=0, description="A node's timeout when its definition gives none."
    )
    expression_timeout_seconds: float = Field(
        2.0,
        gt=0,
        le=300,
        description="Wall-clock limit of one expression evaluated in a sandbox process (comprehension"
        " macros and whatever is not provably cheap): past it the process is killed and the step fails"
        " with kind `expression_budget`. A node's own `timeout_seconds` bounds its expressions too.",
    )
    expression_memory_mib: int = Field(
        256,
        ge=16,
        le=65536,
        description="Memory one sandboxed expression may take (address space above the sandbox"
        " process's own footprint): past it the evaluation fails with kind `expression_budget`.",
    )
    expression_sandboxes: int = Field(
        2,
        ge=1,
        le=64,
        description="Sandbox processes per executor process (worker or API), started on first use:"
        " how many sandboxed expressions it evaluates at once.",
    )
    max_duration_seconds: float = Field(
        24 * 3600.0, gt=0, description="Wall time from start after which an execution fails (waits count)."
    )
    http_max_response_bytes: int = Field(
        1024 * 1024,
        ge=1024,
        description="Largest answer body one core.http_request reads, counted as it streams; a larger one"
        " fails the step.",
    )
    http_timeout_seconds: float = Field(
        300.0,
        gt=0,
        description="Longest one core.http_request may take in total, from connecting to the answer's last"
        " byte, whatever the node's timeout asks.",
    )
    retention_days: int = Field(30, ge=1, description="Finished executions older than this are pruned.")
    relay_poll_seconds: float = Field(1.0, gt=0, description="Outbox poll interval when no NOTIFY arrives.")
    vitals_interval_seconds: float = Field(
        15.0,
        ge=0,
        description="How often the API process reads the executor's vitals for /metrics (stuck executions,"
        " dead letters, queue depths; ADR-076); 0 turns it off.",
    )
    stuck_after_seconds: float = Field(
        120.0,
        gt=0,
        description="An unfinished execution this long past its lease, creation or wake-up time with nothing"
        " to move it counts as stuck.",
    )
    metrics_per_workflow: bool = Field(
        False,
        description="Label the execution counters with the workflow id (one series per workflow: only for"
        " a bounded number of workflows; ADR-076).",
    )

    def sandbox_limits(self) -> sandbox.Limits:
        return sandbox.Limits(
            timeout_seconds=self.expression_timeout_seconds,
            memory_bytes=self.expression_memory_mib * 1024 * 1024,
            processes=self.expression_sandboxes,
        )
