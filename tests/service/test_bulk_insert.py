"""service.bulk_insert writes what SQLAlchemy's own executemany writes, on both databases: the
same values back (JSON, dates, aware times, NULLs, quotes, tabs, newlines, backslashes), the
same IntegrityError on a duplicate key, and nothing of a failed batch."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Text, cast, delete, func, select
from sqlalchemy.exc import IntegrityError

from service.bulk_insert import SMALL, bulk_insert
from service.projections.tasks import tasks

T0 = datetime(2024, 3, 1, 1, 30, tzinfo=timezone.utc)


def rows(n: int) -> list[dict]:
    return [dict(task_id=f"t{i:04d}-{'zyx'[i % 3]}", plan_id="p1", duty_id=f"p1:a{i % 7}:d{i}",
                 duty_text='Nhiệm vụ "trích" \'đơn\'\ttab\nxuống dòng \\ gạch \\N {i}',
                 agency_id=f"ag-{i % 5}", role="lead", kind="one_off",
                 period_key=None if i % 2 else f"2024-Q{i % 4 + 1}", period_label=None,
                 cooperating=[f"ag-{i % 3}", 'có "ngoặc"'] if i % 4 else [], former_agencies=[],
                 state="open", deadline=date(2024, 6, 1) + timedelta(days=i % 40),
                 original_deadline=date(2024, 6, 1), requested_deadline=None, extension_reason=None,
                 created_at=T0 + timedelta(seconds=i), submitted_at=None if i % 5 else T0,
                 done_at=None, accepted_at=None, cancelled_at=None, overdue_since=None,
                 created_on=date(2024, 3, 1), done_on=None, cancelled_on=None, version=1)
            for i in range(n)][::-1]  # not in key order


def read(engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(tasks).order_by(tasks.c.task_id)).mappings()]


@pytest.mark.parametrize("n", [SMALL - 1, 3 * SMALL])
def test_rows_read_back_as_sqlalchemy_wrote_them(engine, n):
    with engine.begin() as conn:
        conn.execute(tasks.insert(), rows(n))
    expected = read(engine)
    with engine.begin() as conn:
        conn.execute(delete(tasks))
        bulk_insert(conn, tasks, rows(n))
    assert read(engine) == expected and len(expected) == n


def test_a_duplicate_key_is_an_integrity_error_and_nothing_is_written(engine):
    batch = rows(2 * SMALL)
    with pytest.raises(IntegrityError):
        with engine.begin() as conn:
            bulk_insert(conn, tasks, batch + batch[:1])
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tasks)).scalar() == 0


def test_json_columns_stored_as_the_same_text(engine):
    """On PostgreSQL a JSON column's text is made once per distinct value before the COPY:
    the stored text is the one SQLAlchemy's own insert stores (a json column keeps it)."""
    def texts():
        with engine.connect() as conn:
            return conn.execute(select(tasks.c.task_id, cast(tasks.c.cooperating, Text),
                                       cast(tasks.c.former_agencies, Text)).order_by(tasks.c.task_id)).all()

    with engine.begin() as conn:
        conn.execute(tasks.insert(), rows(3 * SMALL))
    expected = texts()
    with engine.begin() as conn:
        conn.execute(delete(tasks))
        bulk_insert(conn, tasks, rows(3 * SMALL))
    assert texts() == expected and any("ngo\\u1eb7c" in r[1] for r in expected)
