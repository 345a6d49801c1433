"""The nine real plans of shared/plans/: their annotations' essentials hold."""
import json
import re
import unicodedata
from pathlib import Path

import pytest

from workflows.importing import import_plan

REPO = Path(__file__).resolve().parents[3]
PLANS = (REPO / ".." / "shared" / "plans").resolve()
GOLDS = sorted(PLANS.glob("*/*.expected.json")) if PLANS.is_dir() else []

pytestmark = pytest.mark.skipif(not GOLDS, reason=f"shared plans not found at {PLANS}")


def norm(name):
    s = unicodedata.normalize("NFC", str(name or "")).casefold()
    s = re.sub(r"[*_`#]", "", s.replace("\u2013", "-"))
    s = re.sub(r"\s*-\s*", " - ", s)
    return re.sub(r"\s+", " ", s).strip(" :;.,")


def matches(name, aliases):
    return any(norm(name) == norm(a) for a in aliases)


@pytest.fixture(scope="module", params=GOLDS, ids=lambda p: p.name.split(".")[0])
def case(request):
    gold = json.loads(request.param.read_text(encoding="utf-8"))
    path = request.param.parent / gold["document"]
    return gold, import_plan(path.read_bytes(), path.name)


def test_every_annotated_body_is_found_with_its_role_and_duty_count(case):
    gold, draft = case
    for g in gold["assignments"]:
        hits = [a for a in draft["assignments"]
                if any(matches(n, group) for n in a["agencies"] for group in g["agencies"])]
        assert hits, f"missing {g['agencies'][0][0]!r}"
        lo, hi = g["duties"]
        assert any(a["role"] == g["role"] and lo <= len(a["duties"]) <= hi for a in hits), \
            f"{g['agencies'][0][0]!r}: {[(a['role'], len(a['duties'])) for a in hits]}"


def test_no_body_outside_the_annotation(case):
    gold, draft = case
    known = [grp for g in gold["assignments"] for grp in g["agencies"]] + gold.get("optional_agencies", [])
    for a in draft["assignments"]:
        for name in a["agencies"]:
            assert any(matches(name, grp) for grp in known), f"unexpected {name!r}"


def test_metadata(case):
    gold, draft = case
    assert (draft["number"] or None) == gold["number"]
    assert draft["issued_on"] == gold["issued_on"]
    if gold["place"]:
        assert matches(draft["place"], gold["place"])
    if gold.get("period"):
        assert draft["period"] == gold["period"]
    assert norm(gold["title_contains"]) in norm(draft["title"])
    assert len(draft["targets"]) >= gold.get("targets_min", 0)


def test_reporting(case):
    gold, draft = case
    assert {r["cadence"] for r in draft["reporting"]} == set(gold["cadences"])
    if gold.get("report_to"):
        assert any(matches(r["recipient"], gold["report_to"]) for r in draft["reporting"])
    if not gold["cadences"]:
        assert any("cadence" in w for w in draft["warnings"])


def test_draft_shape(case):
    _, draft = case
    assert set(draft) >= {"source", "number", "issuer", "place", "issued_on", "title", "period",
                          "legal_basis", "targets", "reporting", "assignments", "warnings"}
    assert re.fullmatch(r"[0-9a-f]{64}", draft["source"]["sha256"])
    for a in draft["assignments"]:
        assert a["role"] in ("lead", "requested")
        assert a["lines"][0] <= a["lines"][1]
        for d in a["duties"]:
            assert d["kind"] in ("one_off", "continuous", "report") and d["text"]
    json.dumps(draft, ensure_ascii=False)
