"""dondoc log verify | rebuild"""
import time

import click

from service.cli.context import pass_app
from service.eventlog.verify import verify_log
from service.projections.rebuild import UnknownEventsInLog, rebuild as rebuild_models


@click.group()
def log() -> None:
    """The append-only event log."""


@log.command()
@pass_app
def verify(dd) -> None:
    """Check the hash chain; name the first changed or removed event. Exit 1 if any."""
    with dd.engine.connect() as conn:
        report = verify_log(conn)
    for type_name, position in sorted(report.unknown_types.items()):
        click.echo(f"unknown event type {type_name!r} (first at position {position}): "
                   "written by a newer dondoc?", err=True)
    if report.first_bad_position is not None:
        click.echo(f"log broken at position {report.first_bad_position}: {report.problem}", err=True)
    if not report.ok:
        raise SystemExit(1)
    click.echo(f"log ok: {report.checked} events, hash chain intact")


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
