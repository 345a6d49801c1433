"""The one error table (service.errors): each refusal's status, code and message, and a bug
(any exception the table does not hold, a KeyError or a bare ValueError included) left a bug."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from marshmallow import ValidationError

from service.auth.credentials import CommonPassword, WeakPassword
from service.errors import TABLE, answer_for, describe
from service.cli import main
from service.eventlog.hashing import LogKeyMissing
from service.eventlog.head import LogRefused
from service.eventlog.store import ConcurrencyError
from service.handlers import HANDLERS
from service.handlers.people import InvalidProfile
from service.handlers.plans import DuplicatePlan, UnknownPlan
from service.handlers.tasks import UnknownTask
from service.upload_checks import UploadRefused
from workflows import commands as c
from workflows.agency_registry import UnknownAgency
from workflows.errors import AlreadyExists, InvalidValue, NotFound
from workflows.importing import PlanImportError
from workflows.numbers import NotANumber
from workflows.permissions import PermissionDenied
from workflows.plans import PlanRefused
from workflows.tasks import TransitionRefused

KINDS = [
    (PermissionDenied("a focal point may not accept"), 403, "forbidden", "forbidden"),
    (ConcurrencyError("task-1", 2, 3), 409, "conflict", "stale_version"),
    (TransitionRefused("wrong_state", "not open"), 409, "conflict", "wrong_state"),
    (TransitionRefused("reason_required", "say why"), 422, "refused", "reason_required"),
    (PlanRefused("the draft names no agency", "no_duties"), 422, "refused", "no_duties"),
    (PlanRefused("plan p1 is already active", "not_a_draft"), 409, "conflict", "not_a_draft"),
    (DuplicatePlan("p1", "kh.txt"), 409, "duplicate", "duplicate_plan"),
    (PlanImportError("no text", "kh.txt"), 422, "import_failed", "import_failed"),
    (UnknownTask("t1"), 404, "not_found", "not_found"),
    (UnknownPlan("p9"), 404, "not_found", "not_found"),
    (NotFound("person", "p-1"), 404, "not_found", "not_found"),
    (UnknownAgency("ag-1"), 404, "not_found", "not_found"),
    (InvalidValue("level", "must be one of ..."), 422, "refused", "invalid_value"),
    (InvalidProfile("email", "'x' is not an email address"), 422, "refused", "invalid_profile"),
    (AlreadyExists("agency", "Sở Y tế", "ag-1"), 409, "duplicate", "already_exists"),
    (NotANumber("1,600.5"), 422, "refused", "not_a_number"),
    (UploadRefused("file_kind", name="a.exe", kinds="pdf, txt"), 422, "refused", "file_kind"),
    (UploadRefused("file_too_large", name="a.pdf", mb=10), 413, "refused", "file_too_large"),
    (UploadRefused("file_empty", name="a.pdf"), 422, "refused", "file_empty"),
    (UploadRefused("file_mismatch", name="a.pdf", ext="pdf"), 422, "refused", "file_mismatch"),
    (UploadRefused("too_many_files", n=5), 422, "refused", "too_many_files"),
    (WeakPassword("a password needs at least 8 characters"), 422, "refused", "weak_password"),
    (CommonPassword("among the first an attacker tries"), 422, "refused", "common_password"),
    (ValidationError({"name": ["Missing data for required field."]}), 400, "validation", "validation"),
    (LogRefused("nothing written: the log's signed head is missing"), 503, "log_refused", "log_refused"),
    (LogKeyMissing(), 503, "log_refused", "log_refused"),
]


@pytest.mark.parametrize("exc, status, error, code", KINDS, ids=lambda v: getattr(v, "__name__", None))
def test_each_refusal_has_its_status_kind_code_and_messages(exc, status, error, code):
    answer = answer_for(exc)
    assert (answer.status, answer.error, answer.code) == (status, error, code)
    assert answer.detail and answer.message
    shown = answer.message.format(**answer.values)  # every placeholder has its value
    assert answer.detail not in shown  # the English reason stays for the API and the command line


def test_every_entry_of_the_table_is_pinned_here():
    assert set(TABLE) == {type(k[0]) for k in KINDS} - {UnknownAgency}


@pytest.mark.parametrize("bug", [KeyError("plan_id"), ValueError("bad value deep inside"),
                                 LookupError("no handler"), TypeError("x"), IndexError(0),
                                 RuntimeError("x")], ids=repr)
def test_a_bug_is_not_a_refusal(bug):
    assert answer_for(bug) is None and describe(bug) is None


# --- the command line renders the table: "error: <detail>", exit status 1; a bug keeps its traceback

PLAN = Path(__file__).resolve().parents[2].parent / "shared" / "plans" / "seeds" / "000_782a5d1ba16b1fa4.txt"


def cli(db_url, *args):
    return CliRunner().invoke(main, ["--database-url", db_url, *args])


def _imported(db_url) -> str:
    res = cli(db_url, "plan", "import", str(PLAN), "--json")
    assert res.exit_code == 0, res.output
    return json.loads(res.output)["plan_id"]


def test_cli_refusal_is_one_line_and_exit_1(engine, db_url):
    plan_id = _imported(db_url)
    res = cli(db_url, "plan", "activate", plan_id)
    assert res.exit_code == 1 and res.output.startswith("error: ") and "cadence" in res.output
    res = cli(db_url, "plan", "activate", "no-such-plan")
    assert (res.exit_code, res.output) == (1, "error: no plan 'no-such-plan', or not one you may see\n")


def test_cli_bug_is_a_traceback_not_a_message(engine, db_url, monkeypatch):
    plan_id = _imported(db_url)

    def broken(cmd, uow, ctx):
        return {}["plan_id"]

    monkeypatch.setitem(HANDLERS, c.ActivatePlan, broken)
    res = cli(db_url, "plan", "activate", plan_id)
    assert res.exit_code == 1 and isinstance(res.exception, KeyError)
    assert "error:" not in res.output
