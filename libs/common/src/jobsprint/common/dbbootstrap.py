"""Create the database, one login role and one schema per service, and their grants, from an
admin URL. Idempotent: run it on every `make up` and in the Helm pre-upgrade Job.

    python -m jobsprint.common.dbbootstrap --admin-url postgresql://postgres@127.0.0.1/postgres \
        --database jobsprint --service auth=secret --service workflows=secret ...

Each role owns its schema, has its search_path set to it, and is granted nothing else.
"""

from __future__ import annotations

import argparse
import sys

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo


def role_name(service: str) -> str:
    return f"jobsprint_{service}"


def bootstrap(*, admin_url: str, database: str, services: dict[str, str]) -> None:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        for service, password in services.items():
            role = role_name(service)
            if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                admin.execute(
                    sql.SQL("ALTER ROLE {} WITH LOGIN PASSWORD {}").format(
                        sql.Identifier(role), sql.Literal(password)
                    )
                )
            else:
                admin.execute(
                    sql.SQL("CREATE ROLE {} WITH LOGIN PASSWORD {}").format(
                        sql.Identifier(role), sql.Literal(password)
                    )
                )
        admin.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)))

    target = make_conninfo(admin_url, dbname=database)
    with psycopg.connect(target, autocommit=True) as db:
        db.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        for service in services:
            role_id, schema = sql.Identifier(role_name(service)), sql.Identifier(service)
            db.execute(
                sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                    sql.Identifier(database), role_id
                )
            )
            db.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {} AUTHORIZATION {}").format(schema, role_id))
            db.execute(sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(schema, role_id))
            db.execute(
                sql.SQL("ALTER ROLE {} IN DATABASE {} SET search_path = {}").format(
                    role_id, sql.Identifier(database), schema
                )
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--admin-url", required=True, help="libpq URL of a superuser (or CREATEROLE+CREATEDB)"
    )
    parser.add_argument("--database", required=True)
    parser.add_argument("--service", action="append", required=True, metavar="NAME=PASSWORD")
    args = parser.parse_args(argv)
    services = dict(item.split("=", 1) for item in args.service)
    try:
        bootstrap(admin_url=args.admin_url, database=args.database, services=services)
    except psycopg.OperationalError as exc:
        print(f"dbbootstrap: cannot reach Postgres at the admin URL: {exc}", file=sys.stderr)
        return 2
    print(f"dbbootstrap: database {args.database!r} ready with schemas {', '.join(services)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
