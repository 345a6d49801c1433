"""The overdue tally and its totals of a database upgraded with its tasks already there: the
migrations' SQL counts the rows by the projection's own rule (``overdue_tally.bucket``)."""
from __future__ import annotations

from sqlalchemy import delete, select

from service import migrate
from service.projections.overdue_tally import overdue_tally, overdue_totals, refill
from service.projections.tasks import tasks
from tests.service.synthetic_tasks import fill


def _tally(engine, table=overdue_tally) -> list:
    with engine.connect() as conn:
        return sorted(map(tuple, conn.execute(select(table))))


def test_the_migration_fills_the_tally_by_the_projections_rule(bare_engine):
    migrate.upgrade(bare_engine, "0019")
    fill(bare_engine, 3000, tally=False)
    migrate.upgrade(bare_engine, "0020")
    filled = _tally(bare_engine)
    assert sum(row[-1] for row in filled) > 1000
    migrate.upgrade(bare_engine)  # the refill writes the totals too (0022)
    with bare_engine.begin() as conn:
        conn.execute(delete(overdue_tally))
        refill(conn, tasks)
    assert _tally(bare_engine) == filled


def test_the_migration_sums_the_tally_into_totals(bare_engine):
    migrate.upgrade(bare_engine, "0019")
    fill(bare_engine, 3000, tally=False)
    migrate.upgrade(bare_engine, "0022")
    totals = _tally(bare_engine, overdue_totals)
    assert sum(row[-1] for row in totals) == sum(row[-1] for row in _tally(bare_engine)) > 1000
    migrate.upgrade(bare_engine)  # the refill writes the classification's counts too (0023)
    with bare_engine.begin() as conn:
        refill(conn, tasks)
    assert _tally(bare_engine, overdue_totals) == totals
