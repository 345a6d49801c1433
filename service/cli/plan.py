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
from service.cli.words import _, ngettext, refusal
from service.db import read_only
from service.handlers.cascade import higher_plans
from service.plan_review import agency_matches
from service.projections.plans import plans
from service.texts import N_
from workflows import commands as c
from workflows.plan_events import Correction


@click.group()
def plan() -> None:
    """Plans: import a document, review the draft, activate it into tasks."""


@plan.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the draft; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan draft as JSON.")
@click.option("--coordinator", "coordinators", multiple=True, metavar="USERNAME",
              help="A coordinator (or leader) who follows the plan from now on (repeatable).")
@click.pass_context
def import_(ctx, files: tuple[Path, ...], dry_run: bool, as_json: bool,
            coordinators: tuple[str, ...]) -> None:
    """Read each FILE (.txt, .md, .docx, .pdf) into a plan draft and store it (unless --dry-run).
    Without --coordinator, only administrators see the plan until one gives it a coordinator.
    Several files: each is imported on its own (a refused one is named and leaves nothing),
    with a progress bar; the exit status is 1 if any was refused."""
    dd = None
    if not dry_run:
        dd = get_app(ctx).extensions["dondoc"]
        require_migrated(dd.engine)
    if len(files) == 1:
        draft, plan_id = _import_one(dd, files[0], coordinators)
        if as_json:
            click.echo(json.dumps(_as_json(draft, plan_id), ensure_ascii=False, indent=1))
        else:
            _summary(draft, plan_id, coordinators)
        return
    done, refused = [], []
    with click.progressbar(files, label=_("Nhập kế hoạch"), file=sys.stderr,
                           item_show_func=lambda f: f.name if f else "") as bar:
        for file in bar:
            try:
                done.append((file, *_import_one(dd, file, coordinators, exit_on_refusal=False)))
            except _Refused as refusal_:
                refused.append((file, str(refusal_)))
    if as_json:
        click.echo(json.dumps([{"file": str(f), **_as_json(d, p)} for f, d, p in done],
                              ensure_ascii=False, indent=1))
    else:
        for file, draft, plan_id in done:
            click.echo(f"{file.name}: {plan_id or '-'}  {draft.get('number') or _('(chưa có số)')} - "
                       f"{draft.get('title') or _('(chưa có tên)')}")
    for file, message in refused:
        said = message if file.name in message else f"{file}: {message}"
        click.echo(_("lỗi: {message}", message=said), err=True)
    click.echo(_("đã nhập {n}/{total} tệp", n=len(done), total=len(files)), err=True)
    if refused:
        sys.exit(1)


class _Refused(Exception):
    """One file of several refused (its words said once, after the progress bar)."""


def _import_one(dd, file: Path, coordinators, exit_on_refusal: bool = True):
    from workflows.importing import import_plan

    try:
        data = file.read_bytes()
    except OSError as exc:
        message = _("{file}: không đọc được ({reason})", file=file, reason=exc.strerror)
        if exit_on_refusal:
            _fail(message)
        raise _Refused(message) from None
    try:
        if dd is None:
            return import_plan(data, file.name), None
        result = dd.bus.handle(c.ImportPlan(file.name, data, coordinators), cli_actor())
        return result.draft, result.plan_id
    except Exception as exc:
        message = refusal(exc)
        if message is None:
            raise
        if exit_on_refusal:
            _fail(message)
        raise _Refused(message) from None


def _as_json(draft: dict, plan_id: str | None) -> dict:
    return dict(draft) if plan_id is None else {"plan_id": plan_id, **draft}


@plan.command("list")
@pass_app
def list_(dd) -> None:
    """Plans, newest first."""
    with dd.engine.connect() as conn:
        rows = conn.execute(select(plans).order_by(plans.c.imported_at.desc())).mappings().all()
    for r in rows:
        tasks = ngettext("{n} nhiệm vụ", "{n} nhiệm vụ", r["task_count"])
        click.echo(f"{r['plan_id']}  {_status(r['status']):12s}  {r['number'] or _('(chưa có số)'):16s}  "
                   f"{tasks:>14s}  {(r['title'] or '')[:70]}")


@plan.command()
@click.argument("plan_id")
@pass_app
def show(dd, plan_id: str) -> None:
    """Print a plan's current draft as JSON (for a draft, with the agency each name will go to)."""
    with read_only(dd.engine) as conn:
        row = conn.execute(select(plans).where(plans.c.plan_id == plan_id)).mappings().first()
        if row is None:
            _fail(_("không có kế hoạch {plan} (xem: dondoc plan list)", plan=repr(plan_id)))
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
        _fail(_("không có gì để sửa: hãy dùng --set, --remove, --append, --link hoặc --unlink"))
    if corrections:
        version = _handle(dd, c.CorrectDraft(plan_id, tuple(corrections), note=note))
        click.echo(_("đã sửa kế hoạch {plan} (phiên bản {version})", plan=plan_id, version=version))
    for higher in unlinks:
        _handle(dd, c.UnlinkPlan(plan_id, higher, note or ""))
        click.echo(_("kế hoạch {plan} không còn thực hiện kế hoạch {higher}", plan=plan_id, higher=higher))
    for higher in links:
        done = _handle(dd, c.LinkPlan(plan_id, higher, note))
        click.echo(ngettext("kế hoạch {plan} thực hiện kế hoạch {higher} (kế hoạch này hoàn thành {n} "
                            "nhiệm vụ của kế hoạch đó)", "kế hoạch {plan} thực hiện kế hoạch {higher} (kế "
                            "hoạch này hoàn thành {n} nhiệm vụ của kế hoạch đó)", done, plan=plan_id,
                            higher=higher))


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
    click.echo(ngettext("đã kích hoạt kế hoạch {plan}: {n} nhiệm vụ", "đã kích hoạt kế hoạch {plan}: "
                        "{n} nhiệm vụ", made, plan=plan_id))


@plan.command()
@click.argument("plan_id")
@click.argument("days", required=False, type=click.IntRange(0, 36500))
@click.option("--keep", is_flag=True, help="Keep the files: no erasure for this plan.")
@pass_app
def retention(dd, plan_id: str, days: int | None, keep: bool) -> None:
    """Erase the files submitted for the plan's tasks DAYS after its period ends (the scheduler
    does it at night, recording which files and when), or --keep them."""
    if (days is None) == (not keep):
        raise click.UsageError(_("hãy cho DAYS hoặc --keep (không cả hai)"))
    version = _handle(dd, c.SetPlanRetention(plan_id, None if keep else days))
    said = (_("được giữ lại (không xóa)") if keep else
            _("được xóa {days} ngày sau khi kế hoạch kết thúc", days=days))
    click.echo(_("kế hoạch {plan}: tệp đã gửi {said} (phiên bản {version})", plan=plan_id, said=said,
                 version=version))


def _handle(dd, command):
    with _refusals_said_plainly():
        return dd.bus.handle(command, cli_actor())


@contextmanager
def _refusals_said_plainly():
    """A refusal in the error table (service.errors) is one line and exit status 1; anything
    else is a bug and keeps its traceback."""
    try:
        yield
    except Exception as exc:
        message = refusal(exc)
        if message is None:
            raise
        _fail(message)


def _correction(op: str, spec: str) -> Correction:
    path, sep, raw = spec.partition("=")
    if not sep:
        _fail(_("--{op} {spec}: cần dạng PATH=JSON", op=op, spec=repr(spec)))
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        _fail(_("--{op} {path}: giá trị không phải JSON (cột {column}); chuỗi phải đặt trong ngoặc "
                "kép, ví dụ '\"66/KH-UBND\"'", op=op, path=path, column=exc.colno))
    return Correction(op, path, value)




def _summary(draft: dict, plan_id: str | None, coordinators=()) -> None:
    if plan_id:
        click.echo(_("đã lưu thành kế hoạch {plan} (bản nháp): xem lại, rồi: dondoc plan activate {plan}",
                     plan=plan_id))
        click.echo(_("người theo dõi: {names}", names=", ".join(coordinators)) if coordinators else
                   _("chưa có cơ quan thường trực nào theo dõi: hãy giao (--coordinator) hoặc trên "
                     "trang người dùng"))
    click.echo(f"{draft.get('number') or _('(chưa có số)')} - {draft.get('title') or _('(chưa có tên)')}")
    for a in draft.get("assignments") or []:
        duties = ngettext("{n} nhiệm vụ", "{n} nhiệm vụ", len(a.get("duties") or []))
        click.echo(f"  [{_role(a.get('role'))}] {'; '.join(a.get('agencies') or [])}: {duties}")
    for w in draft.get("warnings") or []:
        click.echo(_("  lưu ý: {text}", text=w))


ROLES = {"lead": N_("chủ trì"), "requested": N_("được đề nghị")}
STATUSES = {"draft": N_("bản nháp"), "active": N_("đã kích hoạt"), "closed": N_("đã kết thúc")}


def _role(role: str | None) -> str:
    return _(ROLES[role]) if role in ROLES else role or ""


def _status(status: str) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


def _fail(message: str):
    click.echo(_("lỗi: {message}", message=message), err=True)
    sys.exit(1)
