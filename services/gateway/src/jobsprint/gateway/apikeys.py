"""API keys at the gateway: a key is exchanged with the auth service for a short-lived access
token, which then travels on like any caller's JWT. Exchanged tokens are cached in-process until
shortly before they expire; a deleted key's tokens are refused at once anyway, because each
carries the key id as its session and the revocation check lists it (ADR-026)."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict

import grpc
from jobsprint.api.auth.v1 import auth_pb2, auth_pb2_grpc
from jobsprint.common.errors import Unauthenticated
from jobsprint.common.tokens import KeyRing, Principal
from prometheus_client import Counter

API_KEY_PREFIX = "jsk_"
EXCHANGES = Counter("jobsprint_api_key_exchanges_total", "API keys exchanged for access tokens", ["outcome"])


def is_api_key(credential: str) -> bool:
    return credential.startswith(API_KEY_PREFIX)


class ApiKeyResolver:
    def __init__(
        self,
        auth: auth_pb2_grpc.AuthServiceStub,
        key_ring: KeyRing,
        *,
        timeout: float,
        max_entries: int = 10_000,
        refresh_margin_seconds: int = 30,
    ) -> None:
        self._auth = auth
        self._key_ring = key_ring
        self._timeout = timeout
        self._max_entries = max_entries
        self._margin = refresh_margin_seconds
        # Keyed by the key's SHA-256, so the process never holds a plain key longer than a request.
        self._cache: OrderedDict[str, Principal] = OrderedDict()

    @staticmethod
    def _digest(api_key: str) -> str:
        return hashlib.sha256(api_key.encode()).hexdigest()

    async def principal(self, api_key: str, *, timeout: float | None = None) -> Principal:
        """The key's principal; `timeout` (what is left of the request's budget) caps the exchange."""
        digest = self._digest(api_key)
        cached = self._cache.get(digest)
        if cached is not None and cached.expires_at - self._margin > time.time():
            self._cache.move_to_end(digest)
            return cached
        self._cache.pop(digest, None)
        try:
            reply = await self._auth.ExchangeApiKey(
                auth_pb2.ExchangeApiKeyRequest(api_key=api_key),
                timeout=self._timeout if timeout is None else min(self._timeout, timeout),
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNAUTHENTICATED:
                EXCHANGES.labels("refused").inc()
                raise Unauthenticated(exc.details() or "the API key is invalid") from exc
            raise
        EXCHANGES.labels("exchanged").inc()
        principal = self._key_ring.verify(reply.access_token)
        self._cache[digest] = principal
        while len(self._cache) > self._max_entries:
            self._cache.popitem(last=False)
        return principal

    def forget(self, api_key: str) -> None:
        self._cache.pop(self._digest(api_key), None)
