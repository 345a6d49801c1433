"""dondoc agency list | rename | merge | retire: the agency registry from the command line."""
from __future__ import annotations

import click
from sqlalchemy import select

from service.cli.actor import cli_actor
from service.cli.context import pass_app
from service.cli.plan import _refusals_said_plainly
from service.projections.agencies import agencies
from workflows import commands as c
from workflows.places import describe


@click.group()
def agency() -> None:
    """Agencies: list them, rename, merge one into its successor, retire one."""


@agency.command("list")
@click.option("--all", "everything", is_flag=True, help="Also merged and retired agencies.")
@pass_app
def list_(dd, everything: bool) -> None:
    """Agencies by name: id, level, place (and the unit that succeeded a former one), status."""
    stmt = select(agencies).order_by(agencies.c.name, agencies.c.agency_id)
    if not everything:
        stmt = stmt.where(agencies.c.status == "active")
    with dd.engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    for r in rows:
        place = r["place"] or "-"
        if r["successor"]:
            place += f" (now {describe(r['successor']) or r['successor']})"
        status = r["status"] + (f" into {r['merged_into']}" if r["merged_into"] else "")
        click.echo(f"{r['agency_id']}  {r['level']:8s}  {status:8s}  {r['name']}  [{place}]")


@agency.command()
@click.argument("agency_id")
@click.argument("name")
@pass_app
def rename(dd, agency_id: str, name: str) -> None:
    """Give AGENCY_ID the new NAME; the old one stays an alias (old plans still resolve)."""
    with _refusals_said_plainly():
        dd.bus.handle(c.RenameAgency(agency_id, name), cli_actor())
    click.echo(f"{agency_id} is now {name!r}")


@agency.command()
@click.argument("agency_id")
@click.argument("into_agency_id")
@click.option("--reason", required=True, help="Why (the decision and its date).")
@pass_app
def merge(dd, agency_id: str, into_agency_id: str, reason: str) -> None:
    """Merge AGENCY_ID into INTO_AGENCY_ID: its unfinished tasks and its people move there."""
    with _refusals_said_plainly():
        moved = dd.bus.handle(c.MergeAgencies(agency_id, into_agency_id, reason), cli_actor())
    click.echo(f"{agency_id} merged into {into_agency_id}: {moved.tasks} task(s) and "
               f"{moved.people} person(s) moved, {moved.aliases} name(s) kept as aliases")


@agency.command()
@click.argument("agency_id")
@click.option("--reason", required=True, help="Why (the decision and its date).")
@pass_app
def retire(dd, agency_id: str, reason: str) -> None:
    """Retire AGENCY_ID (abolished, no successor); refused while it has unfinished tasks."""
    with _refusals_said_plainly():
        dd.bus.handle(c.RetireAgency(agency_id, reason), cli_actor())
    click.echo(f"{agency_id} retired")
