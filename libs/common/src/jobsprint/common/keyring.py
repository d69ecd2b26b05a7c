"""Operate a JWT key ring file (ADR-025) — every service re-reads it within a second of a change.

    python -m jobsprint.common.keyring --file keys.json show
    python -m jobsprint.common.keyring --file keys.json add [--kid 2026-12]   # verifies, not signing yet
    python -m jobsprint.common.keyring --file keys.json promote --kid 2026-12 # signs new tokens
    python -m jobsprint.common.keyring --file keys.json retire --kid 2026-11  # its tokens stop verifying

Rotation without logging anyone out: `add`, wait until every replica has the key (a second
locally; a mounted Kubernetes Secret takes up to about a minute), `promote`, wait one access
token lifetime (15 min by default), `retire` the old key. Writes are atomic (a temporary file
renamed over the old one), so a service never reads half a file.

The file also records when each key was added (`"created": {kid: ISO 8601}`; services ignore
it), so `jobsprint doctor` can tell a key overdue for rotation.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import orjson
from jobsprint.common.tokens import check_keys, parse_key_file


def read(path: Path) -> tuple[dict[str, str], str]:
    return parse_key_file(path.read_bytes())


def created(path: Path) -> dict[str, datetime]:
    """When each key was added, for the keys the file records it for."""
    document = orjson.loads(path.read_bytes())
    dates: dict[str, datetime] = {}
    for kid, value in (document.get("created") or {}).items() if isinstance(document, dict) else ():
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            continue
        dates[str(kid)] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return dates


def write(path: Path, keys: dict[str, str], current: str, *, added: str | None = None) -> None:
    """Write the ring; `added` names a key added now (its creation time is recorded)."""
    check_keys(keys, current)
    # Dates of retired keys stay too (a line per rotation): a ring restored to an earlier one keeps them.
    dates = {kid: moment.isoformat() for kid, moment in created(path).items()} if path.exists() else {}
    if added is not None:
        dates[added] = datetime.now(UTC).isoformat(timespec="seconds")
    document = orjson.dumps({"current": current, "keys": keys, "created": dates}, option=orjson.OPT_INDENT_2)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(document)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def add(path: Path, *, kid: str | None = None, secret: str | None = None) -> str:
    keys, current = read(path)
    kid = kid or datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S")
    if kid in keys:
        raise ValueError(f"key id {kid!r} is already in the ring")
    keys[kid] = secret or new_secret()
    write(path, keys, current, added=kid)
    return kid


def promote(path: Path, *, kid: str) -> None:
    keys, _current = read(path)
    if kid not in keys:
        raise ValueError(f"key id {kid!r} is not in the ring; add it first")
    write(path, keys, kid)


def retire(path: Path, *, kid: str) -> None:
    keys, current = read(path)
    if kid == current:
        raise ValueError(f"{kid!r} signs new tokens; promote another key before retiring it")
    if kid not in keys:
        raise ValueError(f"key id {kid!r} is not in the ring")
    del keys[kid]
    write(path, keys, current)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jobsprint.common.keyring", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--file", type=Path, required=True, help="the key ring file (JOBSPRINT_JWT_KEYS_FILE)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("show", help="list key ids and the current one (never the secrets)")
    init = commands.add_parser("init", help="create a ring with one new key")
    init.add_argument("--kid", default=None)
    for name, text in (
        ("add", "add a new random key that verifies but does not sign yet"),
        ("promote", "make a key the one new tokens are signed with"),
        ("retire", "remove a key: tokens signed with it stop verifying"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--kid", required=name != "add", default=None)
    args = parser.parse_args(argv)
    try:
        if args.command == "init":
            if args.file.exists():
                raise ValueError(f"{args.file} exists; use add/promote/retire")
            kid = args.kid or datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S")
            write(args.file, {kid: new_secret()}, kid, added=kid)
            print(f"created {args.file} with key {kid}")
        elif args.command == "add":
            print(f"added key {add(args.file, kid=args.kid)} (verifies now; promote it to sign)")
        elif args.command == "promote":
            promote(args.file, kid=args.kid)
            print(f"new tokens are now signed with {args.kid}")
        elif args.command == "retire":
            retire(args.file, kid=args.kid)
            print(f"retired {args.kid}: tokens signed with it are refused")
        keys, current = read(args.file)
        print(orjson.dumps({"current": current, "kids": sorted(keys)}).decode())
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
