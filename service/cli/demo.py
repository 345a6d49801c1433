"""dondoc demo: an SQLite database with the seed plans and a year of simulated work."""
import click

from service import migrate
from service.cli.context import get_app


@click.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Create the demo data (once) in the configured database."""
    from service.demo.seed import PASSWORD, build_demo

    dd = get_app(ctx).extensions["dondoc"]
    migrate.upgrade(dd.engine)
    report = build_demo(dd, dd.clock.now())
    if report.already:
        click.echo("demo: the database holds plans already; nothing added")
        return
    click.echo(f"demo: {report.plans} plans activated, {report.tasks} tasks")
    click.echo(f"sign in with any of these (password: {PASSWORD}):")
    for username, role in report.people:
        click.echo(f"  {username:10s} {role}")
