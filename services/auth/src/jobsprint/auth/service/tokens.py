"""Access tokens, refresh tokens and their revocation: how every use case that signs someone in,
refreshes, or ends sessions does it, so that Login, RefreshToken and SwitchWorkspace issue the
same claims and a revoked session is rejected everywhere at once."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from jobsprint.auth.domain.identity import TokenPair, secret_hash
from jobsprint.auth.service.ports import AuthUnitOfWork, RevocationStore
from jobsprint.common.errors import Unauthenticated
from jobsprint.common.tokens import KeyRing, Principal

# Revocations outlive the tokens they reject by this much (clock skew, in-flight calls).
REVOCATION_MARGIN_SECONDS = 60


@dataclass(frozen=True)
class Tokens:
    key_ring: KeyRing
    revocations: RevocationStore
    access_token_ttl: int
    session_ttl: int
    api_key_token_ttl: int = 300
    # Normalised emails of the instance operators (AUTH_OPERATOR_EMAILS, ADR-102).
    operator_emails: frozenset[str] = frozenset()

    def issue_pair(
        self,
        uow: AuthUnitOfWork,
        *,
        user_id: str,
        workspace_id: str,
        family_id: str | None = None,
        session_expires_at: datetime | None = None,
    ) -> TokenPair:
        """An access token with the user's current roles in the workspace (and the operator mark
        when the deployment designates them one) and a refresh token stored in `uow`. Without `family_id` this starts a new session, which lives
        `session_ttl` from now; refreshing passes the session's family and expiry on."""
        roles = uow.members.roles(user_id=user_id, workspace_id=workspace_id)
        if not roles:
            raise Unauthenticated("the user is no longer a member of this workspace")
        family_id = family_id or str(uuid.uuid4())
        access_token, _ = self.key_ring.issue(
            subject=user_id,
            workspace_id=workspace_id,
            roles=roles,
            ttl_seconds=self.access_token_ttl,
            session_id=family_id,
            operator=self._is_operator(uow, user_id),
        )
        refresh_token = secrets.token_urlsafe(32)
        uow.refresh_tokens.add(
            token_hash=secret_hash(refresh_token),
            family_id=family_id,
            user_id=user_id,
            workspace_id=workspace_id,
            # A session lives `session_ttl` from its login; refreshing does not extend it.
            expires_at=session_expires_at or datetime.now(UTC) + timedelta(seconds=self.session_ttl),
        )
        return TokenPair(access_token, refresh_token, self.access_token_ttl)

    def _is_operator(self, uow: AuthUnitOfWork, user_id: str) -> bool:
        """Asked at every issue (login, refresh, workspace switch), so removing an email from the
        setting takes the mark away within one access-token lifetime."""
        if not self.operator_emails:
            return False
        user = uow.users.get(user_id)
        return user is not None and user.email.strip().lower() in self.operator_emails

    def issue_key_token(
        self, *, key_id: str, workspace_id: str, role: str, scopes: list[str], session_id: str
    ) -> str:
        token, _ = self.key_ring.issue(
            subject=key_id,
            workspace_id=workspace_id,
            roles=[role],
            ttl_seconds=self.api_key_token_ttl,
            kind="api_key",
            scopes=scopes,
            session_id=session_id,
        )
        return token

    def end_sessions(self, session_ids: Sequence[str]) -> None:
        """Reject the sessions' live access tokens at once; none outlives one access-token lifetime."""
        self.revocations.revoke_sessions(
            session_ids, ttl_seconds=self.access_token_ttl + REVOCATION_MARGIN_SECONDS
        )

    def end_key_sessions(self, session_ids: Sequence[str]) -> None:
        """Reject the tokens already exchanged for API keys under these grants."""
        self.revocations.revoke_sessions(
            session_ids, ttl_seconds=self.api_key_token_ttl + REVOCATION_MARGIN_SECONDS
        )

    def revoke(self, principal: Principal) -> None:
        """Reject the caller's own access token until it would have expired anyway."""
        self.revocations.revoke_token(principal.token_id, expires_at=principal.expires_at)
