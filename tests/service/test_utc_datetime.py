"""UtcDateTime reads every stored form as an aware UTC time: SQLite's text (naive, with an
offset, a date alone), and PostgreSQL's values whatever the session's time zone."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from service.tables import _sqlite_utc

UTC = timezone.utc


@pytest.mark.parametrize("stored, expected", [
    ("2024-03-01 00:00:00.000000", datetime(2024, 3, 1, tzinfo=UTC)),
    ("2024-03-01 09:30:15.250000", datetime(2024, 3, 1, 9, 30, 15, 250000, tzinfo=UTC)),
    ("2024-03-01 07:00:00+07:00", datetime(2024, 3, 1, tzinfo=UTC)),
    ("2024-03-01T01:02:03Z", datetime(2024, 3, 1, 1, 2, 3, tzinfo=UTC)),
    ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
    (None, None),
])
def test_sqlite_text_read_as_utc(stored, expected):
    got = _sqlite_utc(stored)
    assert got == expected
    assert got is None or got.tzinfo is UTC


def test_a_utc_server_is_read_in_utc_another_zone_kept(engine, backend):
    if backend != "postgresql":
        pytest.skip("the session's time zone: PostgreSQL only")
    with engine.connect() as conn:
        server = conn.execute(text("SELECT current_setting('TimeZone')")).scalar()
        moment = conn.execute(text("SELECT timestamptz '2024-03-01 07:00:00+07'")).scalar()
    assert moment == datetime(2024, 3, 1, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(0) or server not in ("UTC", "Etc/UTC")
    if server == "UTC":  # told so on connect, from a UTC alias or as it was
        assert moment.tzinfo is UTC
