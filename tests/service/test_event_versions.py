"""Every event ever written still reads: one fixture per event type and shape version
(tests/service/event_fixtures/<Type>.v<N>.json), each read through the current code.

Changing an event's fields means: raise its ``schema_version``, register an upcaster from the
shape before (workflows.events.upcaster), and add a fixture of the new shape. The round trip
of the newest fixture fails until then.
"""
import dataclasses
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from service.eventlog.codec import SCHEMA_KEY, decode_event, encode_event
from service.eventlog.hashing import GENESIS, event_hash
from service.eventlog.sealer import seal_log
from service.eventlog.store import EventStore, Meta
from service.eventlog.tables import events
from service.eventlog.verify import verify_log
from workflows.drafts import DRAFT_VERSION, current_draft
from workflows.event_types import load_all
from workflows.events import UnknownEventVersion, registered_events, upcast, upcasters
from workflows.plan_events import PlanImported
from workflows.task_events import CommentAdded
from tests.conftest import LOG_KEY
from tests.service.test_verify import positions_after_rows_written_by_hand

FIXTURES = Path(__file__).parent / "event_fixtures"
load_all()


def domain_events() -> dict:
    """The events dondoc writes (not the samples some tests register)."""
    return {n: c for n, c in registered_events().items() if c.__module__.startswith("workflows.")}


def fixtures() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))]


def fixture(type_name: str, version: int) -> dict:
    return json.loads((FIXTURES / f"{type_name}.v{version}.json").read_text(encoding="utf-8"))


def test_every_type_has_a_fixture_of_every_version():
    have = {(f["type"], f["schema_version"]) for f in fixtures()}
    want = {(name, v) for name, cls in domain_events().items()
            for v in range(1, cls.schema_version + 1)}
    assert want - have == set()
    assert have - want == set()  # no fixture of a type or version that does not exist


@pytest.mark.parametrize("f", fixtures(), ids=lambda f: f"{f['type']}.v{f['schema_version']}")
def test_every_version_ever_written_reads_as_the_current_class(f):
    ev = decode_event(f["type"], f["data"], f["schema_version"])
    cls = registered_events()[f["type"]]
    assert type(ev) is cls
    _, now = encode_event(ev)
    assert set(now) == {field.name for field in dataclasses.fields(cls)}


@pytest.mark.parametrize("name", sorted(domain_events()))
def test_the_newest_fixture_is_the_shape_written_now(name):
    """Fails when an event's fields change without a new version, upcaster and fixture."""
    cls = registered_events()[name]
    f = fixture(name, cls.schema_version)
    assert encode_event(decode_event(name, f["data"], cls.schema_version)) == (name, f["data"])


def test_every_upcaster_leads_to_a_version_that_exists():
    for (name, version) in upcasters():
        assert 1 <= version < registered_events()[name].schema_version, (name, version)


def test_plan_imported_v1_carried_the_first_draft_shape():
    v1 = fixture("PlanImported", 1)
    assert "draft_version" not in v1["data"]
    ev = decode_event("PlanImported", v1["data"], 1)
    assert ev.draft_version == 1
    assert ev.current_draft == current_draft(v1["data"]["draft"], 1) == v1["data"]["draft"]
    assert PlanImported("p", "f.txt", "ab", {}).draft_version == DRAFT_VERSION


def test_a_shape_newer_than_this_code_is_named_not_guessed():
    with pytest.raises(UnknownEventVersion, match="PlanImported version 3"):
        upcast("PlanImported", 3, {})
    with pytest.raises(UnknownEventVersion, match="CommentAdded version 2"):
        decode_event("CommentAdded", {"text": "x"}, 2)
    with pytest.raises(ValueError, match="draft version 9"):
        current_draft({}, 9)


def test_a_new_event_is_stored_with_its_shape_version(engine):
    now = datetime(2024, 6, 1, tzinfo=timezone.utc)
    with engine.begin() as conn:
        EventStore(conn, LOG_KEY).append("plan-p", 0, [PlanImported("p", "f.txt", "ab", {})], Meta(actor="u"), now)
        meta = conn.execute(select(events.c.meta)).scalar()
    assert meta == {"actor": "u", SCHEMA_KEY: 2}


def test_rows_written_before_versions_still_read_and_verify(engine):
    """Rows as the first version wrote them (no shape version in meta, PlanImported without
    draft_version) keep their hashes and read as the current classes; new rows chain on."""
    then = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    old = [("plan-fd1c", 1, fixture("PlanImported", 1)), ("task-1", 1, fixture("CommentAdded", 1))]
    prev = GENESIS
    with engine.begin() as conn:
        for position, (stream, version, f) in enumerate(old, start=1):
            meta = {"actor": "p-1"}
            h = event_hash(prev, position, stream, version, f["type"], f["data"], meta, then)
            conn.execute(insert(events).values(position=position, seq=position, stream_id=stream,
                                               version=version, type=f["type"], data=f["data"],
                                               meta=meta, recorded_at=then, prev_hash=prev, hash=h))
            prev = h
        positions_after_rows_written_by_hand(conn)
        EventStore(conn, LOG_KEY).append("task-1", 1, [CommentAdded("Đã xong")], Meta(actor="p-2"), then)
    seal_log(engine, LOG_KEY, final=True)
    with engine.connect() as conn:
        report = verify_log(conn, LOG_KEY)
        plan = EventStore(conn).read_stream("plan-fd1c")[0].event
        comments = [e.event for e in EventStore(conn).read_stream("task-1")]
    assert report.ok and report.checked == 3, report
    assert plan.draft_version == 1 and plan.current_draft["assignments"]
    assert [c.text for c in comments] == [fixture("CommentAdded", 1)["data"]["text"], "Đã xong"]


def test_a_fold_reads_each_event_in_the_shape_it_was_written_in(engine):
    """What a command folds (EventStore.read_events: type, data and meta's shape version
    alone) is what the rows read whole decode to: an older shape upcast, by the version in
    meta, or as version 1 where meta has none."""
    then = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    written = [("plan-1", fixture("PlanImported", 1), {"actor": "p-1"}),
               ("task-1", fixture("TaskCreated", 1), {"actor": "p-1"}),
               ("task-1", fixture("ResultSubmitted", 1), {"actor": "p-1", SCHEMA_KEY: 1}),
               ("task-1", fixture("ResultSubmitted", 2), {"actor": "p-1", SCHEMA_KEY: 2})]
    with engine.begin() as conn:
        for position, (stream, f, meta) in enumerate(written, start=1):
            conn.execute(insert(events).values(position=position, stream_id=stream,
                                               version=1 if stream == "plan-1" else position - 1,
                                               type=f["type"], data=f["data"], meta=meta,
                                               recorded_at=then, hash="not checked here"))
        store = EventStore(conn)
        streams = ("plan-1", "task-1")
        whole = [[e.event for e in store.read_stream(s)] for s in streams]
        folded = [store.read_events(s) for s in streams]
    assert folded == whole and [len(f) for f in folded] == [1, 3]
    assert folded[0][0].draft_version == 1  # no version in meta: read as version 1, upcast
    assert folded[1][1].figures and folded[1][1].figures[0].numerator is None  # upcast from 1
    assert folded[1][2] == decode_event("ResultSubmitted", fixture("ResultSubmitted", 2)["data"])


def test_readers_of_raw_fields_get_the_current_shape():
    """What a timeline shows of an older row is the upcast shape, not the row as written."""
    from service.eventlog.store import StoredEvent
    v1 = fixture("PlanImported", 1)
    old = StoredEvent(1, "plan-p1", 1, "PlanImported", v1["data"], {SCHEMA_KEY: 1},
                      datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert old.current_data == encode_event(old.event)[1] != v1["data"]
    assert old.current_data == encode_event(decode_event("PlanImported", v1["data"], 1))[1]
    now = fixture("CommentAdded", 1)
    current = StoredEvent(2, "task-t1", 2, "CommentAdded", now["data"], {SCHEMA_KEY: 1},
                          datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert current.current_data is now["data"]  # the current shape is not re-encoded
