"""dondoc log verify | anchor | rebuild | export | import"""
import sys
import time

import click

from service.cli.context import pass_app
from service.cli.words import _
from service.eventlog.anchor import check_anchor, make_anchor
from service.eventlog.head import LogRefused
from service.eventlog.sealer import seal_log
from service.eventlog.transfer import LogFileRefused, export_log, import_log
from service.eventlog.verify import verify_log
from service.projections.rebuild import UnknownEventsInLog, rebuild as rebuild_models


@click.group()
def log() -> None:
    """The append-only event log."""


@log.command()
@click.option("--anchor", "anchors", multiple=True,
              help="an anchor printed by `dondoc log anchor` earlier: the log must still hold it")
@pass_app
def verify(dd, anchors) -> None:
    """Seal what was appended, check the hash chain (and any anchors); name the first changed
    or removed event. Exit 1 if any."""
    refused = _seal(dd)
    with dd.engine.connect() as conn:
        report = verify_log(conn, dd.settings.log_key)
        anchor_problems = [p for p in (check_anchor(conn, a, dd.settings.secret_key) for a in anchors) if p]
    for problem in anchor_problems:
        click.echo(_("mốc không còn khớp: {problem}", problem=problem), err=True)
    for type_name, position in sorted(report.unknown_types.items()):
        click.echo(_("loại sự kiện lạ {type} (lần đầu ở vị trí {position}): do bản dondoc mới hơn "
                     "ghi?", type=repr(type_name), position=position), err=True)
    if report.first_bad_position is not None:
        click.echo(_("sổ bị hỏng ở vị trí {position}: {problem}", position=report.first_bad_position,
                     problem=report.problem), err=True)
    elif refused:
        click.echo(_("không niêm phong được: {problem}", problem=refused), err=True)
    if not report.ok or anchor_problems or refused:
        raise SystemExit(1)
    held = _(", giữ đúng {n} mốc", n=len(anchors)) if anchors else ""
    head = (_("đầu sổ chưa được ký (ghi trước khi chuỗi có khóa: sự kiện sau sẽ ký)")
            if report.unsigned else _("đầu sổ đã ký khớp"))
    plain = _(" ({n} sự kiện băm trước khi chuỗi có khóa)", n=report.plain) if report.plain else ""
    unsealed = _("; {n} sự kiện mới ghi, chưa niêm phong", n=report.unsealed) if report.unsealed else ""
    click.echo(_("sổ sự kiện tốt: {n} sự kiện{plain}, chuỗi băm nguyên vẹn, {head}{held}{unsealed}",
                 n=report.checked, plain=plain, head=head, held=held, unsealed=unsealed))


def _seal(dd) -> str | None:
    """Seal every row committed so far (under the table lock: briefly holds writers back);
    what the sealer refused, if it did (verify then names where the log is broken)."""
    try:
        seal_log(dd.engine, dd.settings.log_key, final=True)
    except LogRefused as exc:
        return str(exc)
    return None


def _seal_or_exit(dd) -> None:
    refused = _seal(dd)
    if refused:
        click.echo(_("không niêm phong được: {problem}", problem=refused), err=True)
        raise SystemExit(1)


@log.command()
@pass_app
def anchor(dd) -> None:
    """Print the signed head of the log, to keep outside the database (see README)."""
    _seal_or_exit(dd)
    with dd.engine.connect() as conn:
        signed = make_anchor(conn, dd.settings.secret_key)
    if signed is None:
        click.echo(_("sổ sự kiện trống: không có gì để làm mốc"), err=True)
        raise SystemExit(1)
    click.echo(signed)


@log.command()
@pass_app
def rebuild(dd) -> None:
    """Seal what was appended, then replay the whole log into fresh read models."""
    from sqlalchemy import func, select

    from service.eventlog.tables import events

    started = time.perf_counter()
    refused = _seal(dd)  # the replay reads the rows still unsealed too, but pages them slower
    if refused:
        click.echo(f"sealing refused (the rebuild goes on): {refused}", err=True)
    with dd.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(events)).scalar_one()
    try:
        with click.progressbar(length=total, label=_("Dựng lại bảng đọc"), file=sys.stderr) as bar:
            report = rebuild_models(dd.engine, dd.projections, progress=bar.update)
    except UnknownEventsInLog as exc:
        click.echo(_("không dựng lại được: {problem}", problem=exc), err=True)
        raise SystemExit(1)
    took = time.perf_counter() - started
    click.echo(_("đã dựng lại {models} bảng đọc từ {n} sự kiện (đến vị trí {last}) trong {seconds} giây",
                 models=len(dd.projections), n=report.events, last=report.last_position,
                 seconds=round(took, 2)))


@log.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@pass_app
def export_(dd, path) -> None:
    """Write the whole log to PATH as JSON lines with their hashes (to move or keep it)."""
    from sqlalchemy import func, select

    from service.eventlog.tables import events

    _seal_or_exit(dd)

    with dd.engine.connect() as conn, open(path, "w", encoding="utf-8") as out:
        total = conn.execute(select(func.count()).select_from(events)).scalar_one()
        with click.progressbar(length=total, label=_("Xuất sổ sự kiện"), file=sys.stderr) as bar:
            n = export_log(conn, out, bar.update)
    click.echo(_("đã xuất {n} sự kiện ra {path}", n=n, path=path))


@log.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@pass_app
def import_(dd, path) -> None:
    """Load a log exported by `dondoc log export` into this empty database, checking every
    hash, and rebuild the read models (all or nothing)."""
    started = time.perf_counter()
    with open(path, encoding="utf-8") as lines:
        try:
            with click.progressbar(length=max(1, _count_lines(path) - 2), label=_("Nhập sổ sự kiện"),
                                   file=sys.stderr) as bar:
                report = import_log(dd.engine, lines, dd.projections, dd.settings.log_key,
                                    bar.update)
        except LogFileRefused as exc:
            click.echo(_("không nhập được, chưa ghi gì: {path}: {problem}", path=path, problem=exc),
                       err=True)
            raise SystemExit(1)
    click.echo(_("đã nhập {n} sự kiện từ {path}, chuỗi băm nguyên vẹn, đã dựng lại bảng đọc trong "
                 "{seconds} giây", n=report.events, path=path,
                 seconds=round(time.perf_counter() - started, 2)))


def _count_lines(path) -> int:
    with open(path, "rb") as f:
        return max(1, sum(1 for _ in f))
