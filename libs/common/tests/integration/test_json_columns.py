"""JSONB read back the way it was written: a number beyond 64 bits (which Postgres prints as a
long integer) comes back as the double it was, so the services can serialise it again."""

from __future__ import annotations

import orjson
import pytest
from jobsprint.common import db
from sqlalchemy import text

pytestmark = pytest.mark.integration


def test_a_huge_json_number_reads_back_as_a_double(it_env: dict[str, str]) -> None:
    engine = db.make_engine(it_env["EXECUTOR_DATABASE_URL"], pool_size=1)
    try:
        with engine.connect() as connection:
            value = connection.execute(
                text("SELECT CAST(:doc AS jsonb)"),
                {"doc": '{"big": 1e30, "exact": 9007199254740993, "x": 1.5}'},
            ).scalar_one()
    finally:
        engine.dispose()
    assert value == {"big": 1e30, "exact": 9007199254740993, "x": 1.5}
    assert isinstance(value["big"], float) and isinstance(value["exact"], int)
    assert orjson.loads(orjson.dumps(value)) == value
