"""dondoc log verify | anchor | rebuild"""
import time

import click

from service.cli.context import pass_app
from service.eventlog.anchor import check_anchor, make_anchor
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
    """Check the hash chain (and any anchors); name the first changed or removed event. Exit 1
    if any."""
    with dd.engine.connect() as conn:
        report = verify_log(conn)
        anchor_problems = [p for p in (check_anchor(conn, a, dd.settings.secret_key) for a in anchors) if p]
    for problem in anchor_problems:
        click.echo(f"anchor not held: {problem}", err=True)
    for type_name, position in sorted(report.unknown_types.items()):
        click.echo(f"unknown event type {type_name!r} (first at position {position}): "
                   "written by a newer dondoc?", err=True)
    if report.first_bad_position is not None:
        click.echo(f"log broken at position {report.first_bad_position}: {report.problem}", err=True)
    if not report.ok or anchor_problems:
        raise SystemExit(1)
    held = f", {len(anchors)} anchor(s) held" if anchors else ""
    click.echo(f"log ok: {report.checked} events, hash chain intact{held}")


@log.command()
@pass_app
def anchor(dd) -> None:
    """Print the signed head of the log, to keep outside the database (see README)."""
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
    started = time.perf_counter()
    try:
        report = rebuild_models(dd.engine, dd.projections)
    except UnknownEventsInLog as exc:
        click.echo(f"rebuild refused: {exc}", err=True)
        raise SystemExit(1)
    took = time.perf_counter() - started
    click.echo(f"rebuilt {len(dd.projections)} read models from {report.events} events "
               f"(up to position {report.last_position}) in {took:.2f}s")
