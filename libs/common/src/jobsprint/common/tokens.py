"""JWT access tokens: HS256 with a `kid` key ring, algorithm pinned on verification (RFC 8725)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jwt
from jobsprint.common.errors import Unauthenticated

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "nbf", "iss", "aud", "sub", "jti"]


@dataclass(frozen=True)
class Principal:
    """Who is calling: the verified claims of an access token, and the token to pass on."""

    user_id: str
    workspace_id: str
    roles: tuple[str, ...]
    token_id: str
    expires_at: int
    token: str


class KeyRing:
    def __init__(self, *, keys: Mapping[str, str], current_kid: str, issuer: str, audience: str) -> None:
        if current_kid not in keys:
            raise ValueError(f"current key id {current_kid!r} is not in the key ring")
        self._keys = dict(keys)
        self._current_kid = current_kid
        self.issuer = issuer
        self.audience = audience

    def issue(
        self,
        *,
        subject: str,
        workspace_id: str,
        roles: Sequence[str],
        ttl_seconds: int,
        now: float | None = None,
    ) -> tuple[str, str]:
        """Sign an access token with the current key; returns (token, jti)."""
        issued = int(now if now is not None else time.time())
        token_id = str(uuid.uuid4())
        claims = {
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
        token = jwt.encode(
            claims, self._keys[self._current_kid], algorithm=ALGORITHM, headers={"kid": self._current_kid}
        )
        return token, token_id

    def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("the access token is malformed") from exc
        kid = header.get("kid")
        if header.get("alg") != ALGORITHM or not isinstance(kid, str) or kid not in self._keys:
            raise Unauthenticated("the access token is not signed by a known key")
        try:
            claims = jwt.decode(
                token,
                self._keys[kid],
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": REQUIRED_CLAIMS},
                leeway=5,
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("the access token has expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated("the access token is invalid") from exc
        workspace_id = claims.get("wid")
        roles = claims.get("roles")
        if not isinstance(workspace_id, str) or not isinstance(roles, list):
            raise Unauthenticated("the access token lacks its workspace claims")
        return Principal(
            user_id=str(claims["sub"]),
            workspace_id=workspace_id,
            roles=tuple(str(r) for r in roles),
            token_id=str(claims["jti"]),
            expires_at=int(claims["exp"]),
            token=token,
        )


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` value, or Unauthenticated."""
    if not authorization:
        raise Unauthenticated("missing bearer token: send `Authorization: Bearer <access token>`")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the Authorization header must be `Bearer <access token>`")
    return token.strip()
