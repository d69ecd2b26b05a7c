"""Per-workspace rate limits (ADR-063): the gateway's defaults, overridden by what a workspace's
owners or admins set, kept by the auth service with the workspace.

Limits are read on every authenticated request and every webhook call, so each process keeps a
workspace's limits for `GATEWAY_WORKSPACE_LIMITS_CACHE_SECONDS` (a change applies on every
replica within that time; at once on the replica that made it), serving the old ones while it
reads them again. A request waits at most `FIRST_LOOKUP_SECONDS` for a workspace not seen yet.
The auth service slow or unreachable costs nothing but the override: the defaults apply, and the
lookup is retried a few seconds later.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass

import grpc
from jobsprint.api.auth.v1 import auth_pb2, auth_pb2_grpc
from jobsprint.common.identity import auth_metadata, service_principal
from jobsprint.common.tokens import KeyRing
from jobsprint.gateway.config import Settings

log = logging.getLogger(__name__)

NAMES = ("rate_limit_per_minute", "rate_limit_write_per_minute", "webhook_rate_limit_per_minute")
# After a failed lookup, how long the defaults stand in before the next try.
RETRY_SECONDS = 5.0
# How long a request waits for the limits of a workspace this process has not seen yet (a lookup
# takes a few milliseconds; past this the request goes on under the defaults).
FIRST_LOOKUP_SECONDS = 0.1


@dataclass(frozen=True)
class Limits:
    """The limits in force for one workspace, per minute."""

    rate_limit_per_minute: int
    rate_limit_write_per_minute: int
    webhook_rate_limit_per_minute: int


def defaults(settings: Settings) -> dict[str, int]:
    return {name: int(getattr(settings, name)) for name in NAMES}


def effective(settings: Settings, overrides: dict[str, int]) -> Limits:
    """Each override, capped by the operator's ceiling; the default where there is none."""
    ceiling = settings.workspace_limit_max_per_minute
    values = {
        name: min(overrides[name], ceiling) if name in overrides else getattr(settings, name)
        for name in NAMES
    }
    return Limits(**values)


def _digest(token: str) -> str:
    # The process keeps no webhook URL, only its hash.
    return hashlib.sha256(token.encode()).hexdigest()


class WorkspaceLimits:
    def __init__(
        self,
        auth: auth_pb2_grpc.AuthServiceStub,
        key_ring: KeyRing,
        settings: Settings,
        *,
        max_workspaces: int = 50_000,
        max_hooks: int = 100_000,
    ) -> None:
        self._auth = auth
        self._key_ring = key_ring
        self._settings = settings
        self._default = effective(settings, {})
        self._max_workspaces = max_workspaces
        self._max_hooks = max_hooks
        # workspace id -> (limits, monotonic time it is good until)
        self._cache: OrderedDict[str, tuple[Limits, float]] = OrderedDict()
        self._loading: dict[str, asyncio.Task[Limits]] = {}
        # webhook token's hash -> its workspace, learnt from each call's answer: a webhook's limit is
        # checked before the call, which is when its workspace is first known.
        self._hook_workspaces: OrderedDict[str, str] = OrderedDict()

    async def for_workspace(self, workspace_id: str) -> Limits:
        if not self._settings.workspace_limits_enabled or not workspace_id:
            return self._default
        cached = self._cache.get(workspace_id)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        # One lookup per workspace at a time, however many requests are waiting for it.
        task = self._loading.get(workspace_id)
        if task is None:
            task = asyncio.ensure_future(self._load(workspace_id))
            self._loading[workspace_id] = task
            task.add_done_callback(lambda _t: self._loading.pop(workspace_id, None))
        if cached is not None:
            # Stale while it is read again: a request never waits for a refresh.
            return cached[0]
        try:
            # A workspace not seen yet: wait a moment for its limits, never a request's budget;
            # a slow or absent auth service leaves this request to the defaults.
            return await asyncio.wait_for(asyncio.shield(task), FIRST_LOOKUP_SECONDS)
        except TimeoutError:
            return self._default

    async def _load(self, workspace_id: str) -> Limits:
        acting = service_principal(
            self._key_ring, service="gateway", workspace_id=workspace_id, scopes=("read",)
        )
        try:
            reply = await self._auth.GetWorkspaceLimits(
                auth_pb2.GetWorkspaceLimitsRequest(),
                metadata=auth_metadata(acting),
                timeout=min(2.0, self._settings.rpc_timeout_seconds),
            )
        except grpc.aio.AioRpcError as exc:
            log.warning(
                "cannot read the limits of workspace %s (%s); the defaults apply", workspace_id, exc.code()
            )
            self._remember(workspace_id, self._default, RETRY_SECONDS)
            return self._default
        overrides = {name: getattr(reply.limits, name) for name in NAMES if reply.limits.HasField(name)}
        limits = effective(self._settings, overrides)
        self._remember(workspace_id, limits, self._settings.workspace_limits_cache_seconds)
        return limits

    def _remember(self, workspace_id: str, limits: Limits, seconds: float) -> None:
        self._cache[workspace_id] = (limits, time.monotonic() + seconds)
        self._cache.move_to_end(workspace_id)
        while len(self._cache) > self._max_workspaces:
            self._cache.popitem(last=False)

    def changed(self, workspace_id: str, overrides: dict[str, int]) -> Limits:
        """The workspace's limits changed through this process: in force here at once."""
        limits = effective(self._settings, overrides)
        self._remember(workspace_id, limits, self._settings.workspace_limits_cache_seconds)
        return limits

    async def for_hook(self, token: str) -> Limits:
        """A webhook's limits: its workspace's, once a call has told which workspace it is."""
        workspace_id = self._hook_workspaces.get(_digest(token))
        return self._default if workspace_id is None else await self.for_workspace(workspace_id)

    def learn_hook(self, token: str, workspace_id: str) -> None:
        digest = _digest(token)
        if self._hook_workspaces.get(digest) != workspace_id:
            self._hook_workspaces[digest] = workspace_id
            while len(self._hook_workspaces) > self._max_hooks:
                self._hook_workspaces.popitem(last=False)
