"""dondoc plan import | list | show | correct | activate"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy import select

from service.cli.context import get_app, pass_app, require_migrated
from service.cli.actor import cli_actor
from service.cli.words import count
from service.db import read_only
from service.handlers.cascade import higher_plans
from service.plan_review import agency_matches
from service.projections.plans import plans
from workflows import commands as c
from workflows.plan_events import Correction


@click.group()
def plan() -> None:
    """Plans: import a document, review the draft, activate it into tasks."""


@plan.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the draft; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan draft as JSON.")
@click.option("--coordinator", "coordinators", multiple=True, metavar="USERNAME",
              help="A coordinator (or leader) who follows the plan from now on (repeatable).")
@click.pass_context
def import_(ctx, file: Path, dry_run: bool, as_json: bool, coordinators: tuple[str, ...]) -> None:
    """Read FILE (.txt, .md, .docx, .pdf) into a plan draft and store it (unless --dry-run).
    Without --coordinator, only administrators see the plan until one gives it a coordinator."""
    from workflows.importing import import_plan

    data = _read(file)
    with _refusals_said_plainly():
        if dry_run:
            draft, plan_id = import_plan(data, file.name), None
        else:
            dd = get_app(ctx).extensions["dondoc"]
            require_migrated(dd.engine)
            result = dd.bus.handle(c.ImportPlan(file.name, data, coordinators), cli_actor())
            draft, plan_id = result.draft, result.plan_id
    if as_json:
        out = dict(draft) if plan_id is None else {"plan_id": plan_id, **draft}
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    _summary(draft, plan_id, coordinators)


@plan.command("list")
@pass_app
def list_(dd) -> None:
    """Plans, newest first."""
    with dd.engine.connect() as conn:
        rows = conn.execute(select(plans).order_by(plans.c.imported_at.desc())).mappings().all()
    for r in rows:
        click.echo(f"{r['plan_id']}  {r['status']:7s}  {r['number'] or '(no number)':16s}  "
                   f"{count(r['task_count'], 'task'):>11s}  {(r['title'] or '')[:70]}")


@plan.command()
@click.argument("plan_id")
@pass_app
def show(dd, plan_id: str) -> None:
    """Print a plan's current draft as JSON (for a draft, with the agency each name will go to)."""
    with read_only(dd.engine) as conn:
        row = conn.execute(select(plans).where(plans.c.plan_id == plan_id)).mappings().first()
        if row is None:
            _fail(f"no plan {plan_id!r} (see: dondoc plan list)")
        matches = agency_matches(conn, row["draft"]) if row["status"] == "draft" else None
        implements = higher_plans(conn, plan_id)
    out = {"plan_id": plan_id, "status": row["status"], "version": row["version"], **row["draft"],
           "implements": implements}
    if matches is not None:
        out["agency_matches"] = matches
    click.echo(json.dumps(out, ensure_ascii=False, indent=1))


@plan.command()
@click.argument("plan_id")
@click.option("--set", "sets", multiple=True, metavar="PATH=JSON",
              help='Set a field, e.g. --set number=\'"66/KH-UBND"\' or --set assignments/2/role=\'"lead"\'.')
@click.option("--remove", "removes", multiple=True, metavar="PATH", help="Remove a list item.")
@click.option("--append", "appends", multiple=True, metavar="PATH=JSON", help="Append to a list.")
@click.option("--link", "links", multiple=True, metavar="PLAN_ID",
              help="Link to the higher plan this plan implements (a draft or an active plan).")
@click.option("--unlink", "unlinks", multiple=True, metavar="PLAN_ID",
              help="Remove a wrong link to a higher plan (give the reason in --note).")
@click.option("--note", default=None)
@pass_app
def correct(dd, plan_id: str, sets, removes, appends, links, unlinks, note) -> None:
    """Correct a draft before activation (each correction is an event), or the plans it
    implements (--link, --unlink: the cascade, any time)."""
    corrections = [_correction("set", s) for s in sets] + [Correction("remove", p) for p in removes]
    corrections += [_correction("append", a) for a in appends]
    if not (corrections or links or unlinks):
        _fail("nothing to correct: give --set, --remove, --append, --link or --unlink")
    if corrections:
        version = _handle(dd, c.CorrectDraft(plan_id, tuple(corrections), note=note))
        click.echo(f"plan {plan_id} corrected (version {version})")
    for higher in unlinks:
        _handle(dd, c.UnlinkPlan(plan_id, higher, note or ""))
        click.echo(f"plan {plan_id} no longer implements {higher}")
    for higher in links:
        done = _handle(dd, c.LinkPlan(plan_id, higher, note))
        click.echo(f"plan {plan_id} implements {higher} ({count(done, 'task')} of it done by this plan)")


@plan.command()
@click.argument("plan_id")
@click.option("--days-after-cutoff", default=2, show_default=True, type=click.IntRange(0, 60),
              help="Working days after a period's cut-off that its report is due.")
@click.option("--retention-days", type=click.IntRange(0, 36500), default=None,
              help="Erase the files submitted for its tasks this many days after the plan's "
                   "period ends (default: keep them).")
@pass_app
def activate(dd, plan_id: str, days_after_cutoff: int, retention_days: int | None) -> None:
    """Turn a reviewed draft into tasks, one per agency and occurrence."""
    settings = {} if retention_days is None else {"retention_days": retention_days}
    made = _handle(dd, c.ActivatePlan(plan_id, days_after_cutoff=days_after_cutoff,
                                      settings=settings))
    click.echo(f"plan {plan_id} activated: {count(made, 'task')}")


@plan.command()
@click.argument("plan_id")
@click.argument("days", required=False, type=click.IntRange(0, 36500))
@click.option("--keep", is_flag=True, help="Keep the files: no erasure for this plan.")
@pass_app
def retention(dd, plan_id: str, days: int | None, keep: bool) -> None:
    """Erase the files submitted for the plan's tasks DAYS after its period ends (the scheduler
    does it at night, recording which files and when), or --keep them."""
    if (days is None) == (not keep):
        raise click.UsageError("give DAYS or --keep (not both)")
    version = _handle(dd, c.SetPlanRetention(plan_id, None if keep else days))
    said = "kept (no erasure)" if keep else f"erased {days} days after the plan's period ends"
    click.echo(f"plan {plan_id}: submitted files {said} (version {version})")


def _handle(dd, command):
    with _refusals_said_plainly():
        return dd.bus.handle(command, cli_actor())


@contextmanager
def _refusals_said_plainly():
    """A refusal in the error table (service.errors) is one line and exit status 1; anything
    else is a bug and keeps its traceback."""
    from service.errors import describe

    try:
        yield
    except Exception as exc:
        message = describe(exc)
        if message is None:
            raise
        _fail(message)


def _correction(op: str, spec: str) -> Correction:
    path, sep, raw = spec.partition("=")
    if not sep:
        _fail(f"--{op} {spec!r}: expected PATH=JSON")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        _fail(f"--{op} {path}: the value is not JSON ({exc.msg} at column {exc.colno}); "
              "quote strings, e.g. '\"66/KH-UBND\"'")
    return Correction(op, path, value)


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        _fail(f"{file}: cannot read ({exc.strerror})")


def _summary(draft: dict, plan_id: str | None, coordinators=()) -> None:
    if plan_id:
        click.echo(f"stored as plan {plan_id} (draft): review, then: dondoc plan activate {plan_id}")
        click.echo(f"followed by: {', '.join(coordinators)}" if coordinators else
                   "no coordinator follows it yet: give it one (--coordinator) or on the people page")
    click.echo(f"{draft.get('number') or '(no number)'} - {draft.get('title') or '(no title)'}")
    for a in draft.get("assignments") or []:
        click.echo(f"  [{a.get('role')}] {'; '.join(a.get('agencies') or [])}: "
                   f"{count(len(a.get('duties') or []), 'duty', 'duties')}")
    for w in draft.get("warnings") or []:
        click.echo(f"  warning: {w}")


def _fail(message: str):
    click.echo(f"error: {message}", err=True)
    sys.exit(1)
