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
