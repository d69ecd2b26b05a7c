"""Statements written for SQLAlchemy's `text()` and run on the driver (`db.driver_sql`)."""

from __future__ import annotations

from jobsprint.common import db


def test_named_parameters_become_psycopg_placeholders_and_casts_and_times_stay() -> None:
    statement = (
        "SELECT CAST(:ids AS uuid[]), x::text, to_char(now(), 'HH24:MI:SS'), :a+:b_2 "
        "WHERE y LIKE '5%' AND z = :z"
    )
    assert db.driver_sql(statement) == (
        "SELECT CAST(%(ids)s AS uuid[]), x::text, to_char(now(), 'HH24:MI:SS'), %(a)s+%(b_2)s "
        "WHERE y LIKE '5%%' AND z = %(z)s"
    )
