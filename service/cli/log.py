"""dondoc log verify | anchor | rebuild | export | import"""
import sys
import time

import click

from service.cli.context import pass_app
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
        click.echo(f"anchor not held: {problem}", err=True)
    for type_name, position in sorted(report.unknown_types.items()):
        click.echo(f"unknown event type {type_name!r} (first at position {position}): "
                   "written by a newer dondoc?", err=True)
    if report.first_bad_position is not None:
        click.echo(f"log broken at position {report.first_bad_position}: {report.problem}", err=True)
    elif refused:
        click.echo(f"sealing refused: {refused}", err=True)
    if not report.ok or anchor_problems or refused:
        raise SystemExit(1)
    held = f", {len(anchors)} anchor(s) held" if anchors else ""
    head = ("head not signed yet (written before the chain was keyed: the next event signs it)"
            if report.unsigned else "signed head held")
    plain = f" ({report.plain} hashed before the chain was keyed)" if report.plain else ""
    unsealed = f"; {report.unsealed} appended since, not sealed yet" if report.unsealed else ""
    click.echo(f"log ok: {report.checked} events{plain}, hash chain intact, {head}{held}{unsealed}")


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
        click.echo(f"sealing refused: {refused}", err=True)
        raise SystemExit(1)


@log.command()
@pass_app
def anchor(dd) -> None:
    """Print the signed head of the log, to keep outside the database (see README)."""
    _seal_or_exit(dd)
    with dd.engine.connect() as conn:
        signed = make_anchor(conn, dd.settings.secret_key)
    if signed is None:
        click.echo("the log is empty: nothing to anchor", err=True)
        raise SystemExit(1)
    click.echo(signed)


@log.command()
@pass_app
def rebuild(dd) -> None:
    """Replay the whole log into fresh read models."""
    from sqlalchemy import func, select

    from service.eventlog.tables import events

    started = time.perf_counter()
    with dd.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(events)).scalar_one()
    try:
        with click.progressbar(length=total, label="Dựng lại bảng đọc", file=sys.stderr) as bar:
            report = rebuild_models(dd.engine, dd.projections, progress=bar.update)
    except UnknownEventsInLog as exc:
        click.echo(f"rebuild refused: {exc}", err=True)
        raise SystemExit(1)
    took = time.perf_counter() - started
    click.echo(f"rebuilt {len(dd.projections)} read models from {report.events} events "
               f"(up to position {report.last_position}) in {took:.2f}s")


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
        with click.progressbar(length=total, label="Xuất sổ sự kiện", file=sys.stderr) as bar:
            n = export_log(conn, out, bar.update)
    click.echo(f"exported {n} events to {path}")


@log.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@pass_app
def import_(dd, path) -> None:
    """Load a log exported by `dondoc log export` into this empty database, checking every
    hash, and rebuild the read models (all or nothing)."""
    started = time.perf_counter()
    with open(path, encoding="utf-8") as lines:
        try:
            with click.progressbar(length=max(1, _count_lines(path) - 2), label="Nhập sổ sự kiện",
                                   file=sys.stderr) as bar:
                report = import_log(dd.engine, lines, dd.projections, dd.settings.log_key,
                                    bar.update)
        except LogFileRefused as exc:
            click.echo(f"import refused, nothing written: {path}: {exc}", err=True)
            raise SystemExit(1)
    click.echo(f"imported {report.events} events from {path}, hash chain intact, read models "
               f"rebuilt in {time.perf_counter() - started:.2f}s")


def _count_lines(path) -> int:
    with open(path, "rb") as f:
        return max(1, sum(1 for _ in f))
