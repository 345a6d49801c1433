"""The database's count equals the domain's classification, task by task, as of any day."""
from datetime import date, datetime, time, timedelta, timezone

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, insert

from service.projections.tasks import tasks
from service.queries.classify_sql import counts_by
from workflows.localtime import VN_TZ, local_date
from workflows.classification import TaskFacts, count_by

DAY0 = date(2024, 1, 1)
days = st.integers(0, 60).map(lambda n: DAY0 + timedelta(days=n))
moments = st.builds(lambda d, h: datetime.combine(d, time(h, 30), tzinfo=VN_TZ).astimezone(timezone.utc),
                    days, st.integers(0, 23))
task = st.fixed_dictionaries({
    "deadline": days, "created_at": moments,
    "done_at": st.none() | moments, "cancelled_at": st.none() | moments,
    "agency_id": st.sampled_from(["a", "b"]),
})


def row(i, t):
    return dict(task_id=f"t{i}", plan_id="p", duty_id="d", duty_text="x", agency_id=t["agency_id"],
                role="lead", kind="one_off", cooperating=[], former_agencies=[], state="open", deadline=t["deadline"],
                original_deadline=t["deadline"], created_at=t["created_at"], done_at=t["done_at"],
                cancelled_at=t["cancelled_at"], created_on=local_date(t["created_at"]),
                done_on=t["done_at"] and local_date(t["done_at"]),
                cancelled_on=t["cancelled_at"] and local_date(t["cancelled_at"]), version=1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(task, max_size=25), as_of=days)
def test_sql_counts_equal_the_domain_classification(engine, rows, as_of):
    with engine.begin() as conn:
        conn.execute(delete(tasks))
        if rows:
            conn.execute(insert(tasks), [row(i, t) for i, t in enumerate(rows)])
        got = counts_by(conn, as_of, by=(tasks.c.agency_id,))
    facts = [TaskFacts(f"t{i}", "p", t["agency_id"], t["deadline"], t["done_at"], t["cancelled_at"],
                       t["created_at"]) for i, t in enumerate(rows)]
    expected = count_by(facts, as_of, lambda f: f.agency_id)
    assert {k[0]: v for k, v in got.items() if v.total} == {k: v for k, v in expected.items() if v.total}
