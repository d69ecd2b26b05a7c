"""Connection profiles, like kubectl's contexts: a URL and a credential under a name, in a user
config file readable by its owner only (0600).

Which connection a command uses: `--profile NAME` if given; otherwise `JOBSPRINT_URL` and
`JOBSPRINT_TOKEN` (an access token or an API key) when either is set; otherwise the profile
`jobsprint profiles use` made current; otherwise the local gateway without a credential. `--url`
overrides the URL in every case.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jobsprint.console.client import DEFAULT_URL, Api, ApiError


def config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("JOBSPRINT_CONFIG"):
        return Path(env["JOBSPRINT_CONFIG"])
    base = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else Path.home() / ".config"
    return base / "jobsprint" / "config.json"


@dataclass
class Profile:
    name: str
    url: str = DEFAULT_URL
    email: str | None = None
    api_key: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None

    @property
    def token(self) -> str | None:
        return self.api_key or self.access_token

    @property
    def credential(self) -> str:
        if self.api_key:
            return "api key"
        if self.access_token:
            return f"password ({self.email})" if self.email else "password"
        return "none"


@dataclass
class Profiles:
    path: Path
    current: str | None = None
    profiles: dict[str, Profile] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Profiles:
        path = path or config_path()
        if not path.exists():
            return cls(path)
        raw: dict[str, Any] = json.loads(path.read_text() or "{}")
        profiles = {name: Profile(name=name, **values) for name, values in raw.get("profiles", {}).items()}
        return cls(path, raw.get("current"), profiles)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        document = {
            "current": self.current,
            "profiles": {
                name: {k: v for k, v in asdict(p).items() if k != "name" and v is not None}
                for name, p in self.profiles.items()
            },
        }
        # Created 0600 before anything is written into it: tokens never sit in a readable file.
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            os.fchmod(handle.fileno(), 0o600)
            json.dump(document, handle, indent=2)
        os.replace(temporary, self.path)

    def put(self, profile: Profile, *, make_current: bool = True) -> None:
        self.profiles[profile.name] = profile
        if make_current or self.current is None:
            self.current = profile.name

    def remove(self, name: str) -> None:
        if name not in self.profiles:
            raise KeyError(name)
        del self.profiles[name]
        if self.current == name:
            self.current = next(iter(self.profiles), None)


@dataclass(frozen=True)
class Connection:
    url: str
    token: str | None
    profile: Profile | None
    source: str  # "profile NAME", "environment", "default"


class UnknownProfile(Exception):
    pass


def resolve(
    *,
    profile: str | None,
    url: str | None,
    env: Mapping[str, str] | None = None,
    profiles: Profiles | None = None,
) -> Connection:
    env = os.environ if env is None else env
    store = profiles or Profiles.load(config_path(env))
    if profile is not None:
        chosen = store.profiles.get(profile)
        if chosen is None:
            raise UnknownProfile(f"no profile {profile!r} in {store.path} (jobsprint profiles list)")
        return Connection(url or chosen.url, chosen.token, chosen, f"profile {profile}")
    if env.get("JOBSPRINT_URL") or env.get("JOBSPRINT_TOKEN"):
        return Connection(
            url or env.get("JOBSPRINT_URL") or DEFAULT_URL, env.get("JOBSPRINT_TOKEN"), None, "environment"
        )
    if store.current and store.current in store.profiles:
        chosen = store.profiles[store.current]
        return Connection(url or chosen.url, chosen.token, chosen, f"profile {chosen.name}")
    return Connection(url or DEFAULT_URL, None, None, "default")


def api_for(connection: Connection, *, profiles: Profiles | None = None) -> Api:
    """An API client; a password profile's access token is refreshed (and saved) when it expires."""
    api = Api(url=connection.url, token=connection.token)
    chosen = connection.profile
    if chosen is not None and chosen.refresh_token and not chosen.api_key:

        def refresh() -> str | None:
            assert chosen is not None and chosen.refresh_token is not None
            try:
                tokens = Api(url=connection.url).refresh_tokens(chosen.refresh_token)
            except ApiError:
                return None
            chosen.access_token = tokens["access_token"]
            chosen.refresh_token = tokens["refresh_token"]
            store = profiles or Profiles.load()
            store.profiles[chosen.name] = chosen
            store.save()
            return str(tokens["access_token"])

        api.refresh = refresh
    return api
