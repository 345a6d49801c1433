"""The classification as of today read from the counts the tasks projection keeps equals the one
counted from the rows (``dashboard_sql.classification_board``), on random tasks, actors and
filters, on both backends; and the migration fills those counts by the projection's rule."""
from dataclasses import replace

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, insert

from service import migrate
from service.projections.class_tally import class_totals, open_tally
from service.projections.overdue_tally import refill
from service.projections.tasks import tasks
from service.queries.class_board import present_classification
from service.queries.dashboard_sql import classification_board
from tests.service.synthetic_tasks import fill
from tests.service.test_dashboard_sql import ACTORS, filters, moments, row, task
from tests.service.test_overdue_tally import _tally
from workflows.classification import Status


def _fields(board):
    return board.total, board.by_agency, board.by_plan


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(task(), max_size=40), now=moments, actor=st.sampled_from(ACTORS), f=filters)
def test_the_kept_counts_equal_the_rows_counted(engine, rows, now, actor, f):
    with engine.begin() as conn:
        conn.execute(delete(tasks))
        if rows:  # nothing recorded after the present
            conn.execute(insert(tasks), [row(i, t, now, False) for i, t in enumerate(rows)])
        refill(conn, tasks)
        for status in [None, *(s.value for s in Status)]:
            for who in (actor, ACTORS[0]):
                wanted = replace(f, status=status)
                assert _fields(present_classification(conn, who, now, wanted)) == \
                    _fields(classification_board(conn, who, now, wanted)), (who, wanted)


def test_the_migration_fills_the_counts_by_the_projections_rule(bare_engine):
    migrate.upgrade(bare_engine, "0022")
    fill(bare_engine, 3000, tally=False)
    migrate.upgrade(bare_engine, "0023")
    filled = _tally(bare_engine, class_totals), _tally(bare_engine, open_tally)
    assert sum(r[-1] for r in filled[0]) > 2000 and sum(r[-1] for r in filled[1]) > 1000
    with bare_engine.begin() as conn:
        refill(conn, tasks)
    assert (_tally(bare_engine, class_totals), _tally(bare_engine, open_tally)) == filled
