"""dondoc run: the embedded one-process service (web; scheduler and dispatcher as they land)."""
import click

from service import migrate
from service.cli.context import get_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_context
def run(ctx: click.Context, host: str, port: int) -> None:
    """Migrate the database if needed and serve dondoc."""
    app = get_app(ctx)
    dd = app.extensions["dondoc"]
    migrate.upgrade(dd.engine)
    click.echo(f"dondoc on http://{host}:{port}/ (database: {dd.engine.url.render_as_string()})")
    app.run(host=host, port=port, use_reloader=False)
