"""Every refusal code the code base raises has its Vietnamese sentence (service.refusal_texts),
and the sentence's placeholders are among the values the raise gives, so no page ever shows a
refusal's English reason or a "{name}" left unfilled."""
from __future__ import annotations

import ast
from pathlib import Path
from string import Formatter

import pytest

from service import refusal_texts as t

ROOT = Path(__file__).resolve().parents[2]
# exception class -> (table of its texts, where its code is: positional index or keyword only,
# the code when none is given, the values every answer adds)
KINDS = {
    "TransitionRefused": (t.TRANSITIONS, 0, None, set()),
    "PlanRefused": (t.PLAN_REFUSALS, 1, "refused", set()),
    "InvalidValue": (t.INVALID, 2, "invalid", {"field"}),
    "InvalidProfile": (t.INVALID, 2, "invalid", {"field"}),
    "InvalidPreference": (t.INVALID, 2, "invalid", {"field"}),
    "PlanImportError": (t.IMPORT_REFUSALS, None, "unreadable", {"file", "line"}),
}


def _raises():
    for path in sorted([*ROOT.glob("workflows/**/*.py"), *ROOT.glob("service/**/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KINDS:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.func.id, node


def _code(kind: str, call: ast.Call):
    _, index, default, _ = KINDS[kind]
    if any(isinstance(a, ast.Starred) for a in call.args):
        return None  # a (code, reason) pair passed on: its codes are checked where it is made
    keyword = next((k.value for k in call.keywords if k.arg == "code"), None)
    node = keyword if keyword is not None else (
        call.args[index] if index is not None and len(call.args) > index else None)
    if node is None:
        return default
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.JoinedStr):  # f"agency_{status}": every status it may take
        return "agency_*"
    return None  # a variable (passed on from another refusal)


RAISES = list(_raises())


def test_the_scan_finds_the_raises():
    assert len(RAISES) > 60


@pytest.mark.parametrize("where,kind,call", RAISES, ids=[w for w, _, _ in RAISES])
def test_every_raised_code_has_a_vietnamese_text(where, kind, call):
    table, _, _, always = KINDS[kind]
    code = _code(kind, call)
    if code is None:
        return
    codes = [c for c in table if c.startswith(code[:-1])] if code.endswith("*") else [code]
    assert codes and all(c in table for c in codes), f"{where}: {kind} code {code!r} has no text"
    given = always | {k.arg for k in call.keywords if k.arg not in (None, "code")}
    for c in codes:
        wanted = {f for _, f, _, _ in Formatter().parse(table[c]) if f}
        assert wanted <= given, f"{where}: the text of {c!r} needs {wanted - given}"


def test_codes_made_as_pairs_have_texts():
    from workflows.task_events import Figure

    for problem in (Figure.of("x", None, None, None).problem(), Figure.of("x", None, 1, 0).problem()):
        assert problem is None or problem[0] in t.TRANSITIONS
