"""JWT access tokens: HS256 with a `kid` key ring, algorithm pinned on verification (RFC 8725).

A key ring is either fixed (`JOBSPRINT_JWT_KEYS`) or read from a JSON file
(`JOBSPRINT_JWT_KEYS_FILE`, `{"current": "k2", "keys": {"k1": "...", "k2": "..."}}`) that is
re-read when it changes, so keys are added, made current and retired without a restart
(ADR-025, `python -m jobsprint.common.keyring`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jwt
import orjson
from jobsprint.common.errors import Unauthenticated

log = logging.getLogger(__name__)

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "nbf", "iss", "aud", "sub", "jti"]
MIN_KEY_LENGTH = 32
PRINCIPAL_KINDS = ("user", "api_key", "service")
LEEWAY_SECONDS = 5  # clock skew allowed on exp and nbf
VERIFIED_CACHE_SIZE = 4096  # tokens remembered as verified per ring (cleared when full)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the verified claims of an access token, and the token to pass on.

    `kind` is `user`, `api_key` (a token the gateway got for an API key) or `service` (an
    internal caller acting for a workspace). `scopes` is None for users (their role decides)
    and the granted scopes otherwise. `session_id` names the session (refresh-token family or
    API key) the token belongs to, so revoking the session rejects its tokens at once.
    `operator` marks a user the deployment designates an instance operator (`AUTH_OPERATOR_EMAILS`,
    ADR-102): above every workspace, for what belongs to none (malformed dead letters); never an
    API key or a service.
    """

    user_id: str
    workspace_id: str
    roles: tuple[str, ...]
    token_id: str
    expires_at: int
    token: str
    kind: str = "user"
    scopes: tuple[str, ...] | None = None
    session_id: str | None = None
    issued_at: int = 0
    operator: bool = False


def check_keys(keys: Mapping[str, str], current_kid: str) -> None:
    """ValueError unless the ring is usable: non-empty, current key present, keys long enough."""
    if not keys:
        raise ValueError("the key ring is empty")
    if current_kid not in keys:
        raise ValueError(f"current key id {current_kid!r} is not in the key ring")
    if any(len(secret) < MIN_KEY_LENGTH for secret in keys.values()):
        raise ValueError(f"every JWT key must be at least {MIN_KEY_LENGTH} characters (RFC 7518 §3.2)")


def parse_key_file(raw: bytes) -> tuple[dict[str, str], str]:
    """`{"current": kid, "keys": {kid: secret}}` → (keys, current kid), checked."""
    document = orjson.loads(raw)
    if not isinstance(document, dict) or not isinstance(document.get("keys"), dict):
        raise ValueError('a key file is {"current": "<kid>", "keys": {"<kid>": "<secret>", ...}}')
    keys = {str(kid): str(secret) for kid, secret in document["keys"].items()}
    current = str(document.get("current", ""))
    check_keys(keys, current)
    return keys, current


class KeyRing:
    def __init__(
        self,
        *,
        keys: Mapping[str, str],
        current_kid: str,
        issuer: str,
        audience: str,
        key_file: Path | None = None,
        reload_interval: float = 1.0,
    ) -> None:
        if current_kid not in keys:
            raise ValueError(f"current key id {current_kid!r} is not in the key ring")
        # One tuple, swapped whole on reload, so a reader never sees keys of one version and the
        # current kid of another.
        self._ring: tuple[dict[str, str], str] = (dict(keys), current_kid)
        self.issuer = issuer
        self.audience = audience
        self._key_file = key_file
        self._reload_interval = reload_interval
        self._checked_at = time.monotonic()
        self._file_stamp = self._stamp() if key_file is not None else None
        self._lock = threading.Lock()
        # token → (the ring it was verified with, its principal); see verify().
        self._verified: dict[str, tuple[tuple[dict[str, str], str], Principal]] = {}
        # Service tokens this process minted with the ring, for reuse (identity.service_principal).
        self.minted: dict[tuple[object, ...], Principal] = {}

    @classmethod
    def from_file(cls, path: Path, *, issuer: str, audience: str, reload_interval: float = 1.0) -> KeyRing:
        keys, current = parse_key_file(path.read_bytes())
        return cls(
            keys=keys,
            current_kid=current,
            issuer=issuer,
            audience=audience,
            key_file=path,
            reload_interval=reload_interval,
        )

    @property
    def current_kid(self) -> str:
        self._maybe_reload()
        return self._ring[1]

    @property
    def kids(self) -> tuple[str, ...]:
        self._maybe_reload()
        return tuple(self._ring[0])

    def _stamp(self) -> tuple[int, int, int] | None:
        assert self._key_file is not None
        try:
            st = os.stat(self._key_file)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _maybe_reload(self) -> None:
        """Re-read the key file when it changed (checked at most once per reload interval).

        A file that cannot be read or is invalid keeps the ring as it was: a bad edit must not
        log everyone out, and it is logged loudly so the operator sees it.
        """
        if self._key_file is None or time.monotonic() - self._checked_at < self._reload_interval:
            return
        with self._lock:
            if time.monotonic() - self._checked_at < self._reload_interval:
                return
            self._checked_at = time.monotonic()
            stamp = self._stamp()
            if stamp is None or stamp == self._file_stamp:
                return
            try:
                keys, current = parse_key_file(self._key_file.read_bytes())
            except (OSError, ValueError) as exc:
                log.error(
                    "JWT key file %s is invalid (%s); keeping the previous key ring", self._key_file, exc
                )
                return
            self._file_stamp = stamp
            if (set(keys), current) != (set(self._ring[0]), self._ring[1]):
                log.info("JWT key ring reloaded: keys %s, current %s", sorted(keys), current)
            self._ring = (keys, current)

    def issue(
        self,
        *,
        subject: str,
        workspace_id: str,
        roles: Sequence[str],
        ttl_seconds: int,
        now: float | None = None,
        kind: str = "user",
        scopes: Sequence[str] | None = None,
        session_id: str | None = None,
        operator: bool = False,
    ) -> tuple[str, str]:
        """Sign an access token with the current key; returns (token, jti)."""
        if kind not in PRINCIPAL_KINDS:
            raise ValueError(f"unknown principal kind {kind!r}")
        if operator and kind != "user":
            raise ValueError("only a user can be an instance operator")
        self._maybe_reload()
        issued = int(now if now is not None else time.time())
        token_id = str(uuid.uuid4())
        claims: dict[str, object] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "iat": issued,
            "nbf": issued,
            "exp": issued + ttl_seconds,
            "jti": token_id,
            "wid": workspace_id,
            "roles": list(roles),
        }
        if kind != "user":
            claims["kind"] = kind
        if scopes is not None:
            claims["scope"] = " ".join(scopes)
        if session_id is not None:
            claims["sid"] = session_id
        if operator:
            claims["op"] = True
        keys, kid = self._ring
        key = keys[kid]
        token = jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid})
        return token, token_id

    def verify(self, token: str) -> Principal:
        """The token's principal, or Unauthenticated. A token verified before is answered from
        memory while it has not expired and the ring has not changed since (a reload swaps the
        ring, so a retired key stops verifying at once): a service token rides on every internal
        call for half a minute, and verifying it again each time cost as much as the call."""
        self._maybe_reload()
        ring = self._ring
        known = self._verified.get(token)
        if known is not None and known[0] is ring and known[1].expires_at + LEEWAY_SECONDS > time.time():
            return known[1]
        principal = self._verify(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (ring, principal)
        return principal

    def _verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("the access token is malformed") from exc
        kid = header.get("kid")
        keys = self._ring[0]
        if header.get("alg") != ALGORITHM or not isinstance(kid, str) or kid not in keys:
            raise Unauthenticated("the access token is not signed by a known key")
        try:
            claims = jwt.decode(
                token,
                keys[kid],
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": REQUIRED_CLAIMS},
                leeway=LEEWAY_SECONDS,
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("the access token has expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated("the access token is invalid") from exc
        workspace_id = claims.get("wid")
        roles = claims.get("roles")
        if not isinstance(workspace_id, str) or not isinstance(roles, list):
            raise Unauthenticated("the access token lacks its workspace claims")
        kind = claims.get("kind", "user")
        scope = claims.get("scope")
        session_id = claims.get("sid")
        operator = claims.get("op", False)
        if (
            kind not in PRINCIPAL_KINDS
            or (scope is not None and not isinstance(scope, str))
            or (session_id is not None and not isinstance(session_id, str))
            or (kind != "user" and scope is None)
            or not isinstance(operator, bool)
            or (operator and kind != "user")
        ):
            raise Unauthenticated(
                "the access token's kind, scope or session claim (or its operator mark) is malformed"
            )
        return Principal(
            user_id=str(claims["sub"]),
            workspace_id=workspace_id,
            roles=tuple(str(r) for r in roles),
            token_id=str(claims["jti"]),
            expires_at=int(claims["exp"]),
            token=token,
            kind=kind,
            scopes=tuple(scope.split()) if scope is not None else None,
            session_id=session_id,
            issued_at=int(claims["iat"]),
            operator=operator,
        )


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` value, or Unauthenticated."""
    if not authorization:
        raise Unauthenticated("missing bearer token: send `Authorization: Bearer <access token>`")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the Authorization header must be `Bearer <access token>`")
    return token.strip()
