import pytest

from workflows.plan_events import Correction, PlanImported
from workflows.plans import Plan, PlanRefused


def plan():
    return Plan.from_events([PlanImported("p1", "kh.txt", "ab" * 32, {
        "number": None, "reporting": [], "assignments": [{"agencies": ["Sở Y tế"], "role": "lead",
                                                          "duties": [{"text": "x", "kind": "one_off"}]}]})])


def test_corrections_apply_in_order():
    p = plan()
    events = p.correct([Correction("set", "number", "66/KH-UBND"),
                        Correction("append", "reporting", {"cadence": "annual", "recipient": None, "due": None}),
                        Correction("set", "assignments/0/duties/0/kind", "report")])
    for e in events:
        p.apply(e)
    assert p.draft["number"] == "66/KH-UBND"
    assert p.draft["reporting"][0]["cadence"] == "annual"
    assert p.draft["assignments"][0]["duties"][0]["kind"] == "report"
    assert p.version == 2


@pytest.mark.parametrize("bad,message", [
    (Correction("set", "secret", 1), "field must be one of"),
    (Correction("set", "assignments/5/role", "lead"), "correction 1"),
    (Correction("remove", "number"), "only list items"),
    (Correction("frob", "number"), "unknown operation"),
])
def test_bad_corrections_are_refused_and_change_nothing(bad, message):
    p = plan()
    before = dict(p.draft)
    with pytest.raises(PlanRefused, match=message):
        p.correct([bad])
    assert p.draft == before


def test_a_list_set_then_appended_to_is_the_same_on_replay():
    """The draft must not share the list a correction carries: appending to it once changed the
    recorded event, and replaying the log then gave the item twice."""
    p = plan()
    events = p.correct([Correction("append", "reporting", {"cadence": "annual", "from": []}),
                        Correction("set", "reporting/0/from", ["Sở Y tế"]),
                        Correction("append", "reporting/0/from", "Công an tỉnh")])
    for e in events:
        p.apply(e)
    assert p.draft["reporting"][0]["from"] == ["Sở Y tế", "Công an tỉnh"]
    assert events[0].corrections[1].value == ["Sở Y tế"]
    replayed = Plan.from_events([PlanImported("p1", "kh.txt", "ab" * 32, {
        "number": None, "reporting": [], "assignments": []}), *events])
    assert replayed.draft["reporting"][0]["from"] == ["Sở Y tế", "Công an tỉnh"]


@pytest.mark.parametrize("correction, path, want", [
    (Correction("set", "period", {"start": "01/12/2025", "end": "31/12/2026"}), ("period",),
     {"start": "2025-12-01", "end": "2026-12-31"}),
    (Correction("set", "issued_on", "2026-03-25"), ("issued_on",), "2026-03-25"),
    (Correction("set", "issued_on", None), ("issued_on",), None),
    (Correction("append", "legal_basis", {"text": "KH 231", "number": "231/KH-UBND", "date": "13/12/2021"}),
     ("legal_basis", 0, "date"), "2021-12-13"),
])
def test_dates_typed_the_vietnamese_way_are_stored_as_iso(correction, path, want):
    """`plan correct --set 'period={"start":"01/12/2025",…}'` and the draft editor alike: the
    draft keeps ISO dates, so activation reads the period it was given."""
    p = plan()
    [event] = p.correct([correction])
    p.apply(event)
    value = p.draft
    for key in path:
        value = value[key]
    assert value == want
    assert event.corrections[0].value != correction.value or want == correction.value


def test_one_date_of_the_period_is_corrected_alone():
    p = plan()
    for e in p.correct([Correction("set", "period", {"start": "2026-01-01", "end": "2026-12-31"}),
                        Correction("set", "period/start", "1/2/2026")]):
        p.apply(e)
    assert p.draft["period"] == {"start": "2026-02-01", "end": "2026-12-31"}


@pytest.mark.parametrize("bad", [
    Correction("set", "period", {"start": "31/02/2026", "end": "2026-12-31"}),
    Correction("set", "period/end", "cuối năm"),
    Correction("set", "issued_on", "2026-13-01"),
])
def test_a_date_that_is_not_one_is_refused_with_its_path(bad):
    p = plan()
    with pytest.raises(PlanRefused) as refused:
        p.correct([bad])
    assert refused.value.code == "bad_date" and "dd/mm/yyyy" in refused.value.reason
    assert "period" in refused.value.reason or "issued_on" in refused.value.reason
