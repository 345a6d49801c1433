"""Unannotated commune plans (shared/plans/robustness): a reviewable draft or a clear refusal,
never a crash and never a field the document does not hold."""
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from workflows.importing import PlanImportError, import_plan

PLANS = (Path(__file__).resolve().parents[3] / ".." / "shared" / "plans" / "robustness").resolve()
FILES = sorted(PLANS.glob("*.txt")) if PLANS.is_dir() else []
KEYS = {"source", "number", "issuer", "place", "issued_on", "title", "period", "legal_basis", "targets",
        "reporting", "assignments", "warnings"}
CADENCES = {"monthly", "quarterly", "semiannual", "nine_months", "annual"}

pytestmark = pytest.mark.skipif(not FILES, reason=f"robustness plans not found at {PLANS}")


def flat(s: str) -> str:
    s = unicodedata.normalize("NFC", s).casefold()
    s = re.sub(r"[*_`#\\|]", "", s).replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"[\s\-]+", "", s)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:2])
def test_a_reviewable_draft_or_a_clear_refusal(path):
    data = path.read_bytes()
    try:
        draft = import_plan(data, path.name)
    except PlanImportError as exc:
        assert path.name in str(exc) and len(str(exc)) > 30
        return
    text = flat(data.decode("utf-8"))
    assert set(draft) == KEYS
    if draft["number"]:
        assert flat(draft["number"]) in text
    if draft["place"]:
        assert flat(draft["place"]) in text
    if draft["issued_on"]:
        d = date.fromisoformat(draft["issued_on"])
        assert str(d.year) in text
    assigned = {n for a in draft["assignments"] for n in a["agencies"]}
    for name in assigned:
        assert flat(name) in text, name
    for r in draft["reporting"]:
        assert r["cadence"] in CADENCES
        assert set(r) == {"cadence", "recipient", "from", "due", "line"}
        assert all(n in assigned or flat(n) in text for n in r["from"])
        assert r["from"] or any(w.startswith(f"line {r['line']}:") for w in draft["warnings"])
    if not draft["reporting"]:
        assert any("cadence" in w for w in draft["warnings"])
    assert all(isinstance(w, str) and w for w in draft["warnings"])
