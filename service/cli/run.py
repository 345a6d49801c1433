"""dondoc run: the embedded one-process service: web pages and API, scheduler and dispatcher."""
import logging
import threading

import click

from service import migrate
from service.cli.words import _
from service.cli.context import get_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-scheduler", is_flag=True, help="Run no reminders (another process does).")
@click.option("--no-dispatcher", is_flag=True, help="Send no messages (another process does).")
@click.pass_context
def run(ctx: click.Context, host: str, port: int, no_scheduler: bool, no_dispatcher: bool) -> None:
    """Migrate the database if needed and serve dondoc, with its scheduler and dispatcher."""
    from service.outbox.runner import start_dispatcher_thread
    from service.scheduler.runner import catch_up_schedule, start_scheduler_thread

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = get_app(ctx)
    dd = app.extensions["dondoc"]
    migrate.upgrade(dd.engine)
    links = dd.settings.serving(host, port)  # before the dispatcher builds its links
    stop = threading.Event()
    if not no_scheduler:
        catch_up_schedule(dd)
        start_scheduler_thread(dd, stop)
    dispatcher = None if no_dispatcher else start_dispatcher_thread(dd, stop)
    click.echo(_("dondoc chạy tại http://{host}:{port}/, liên kết trong tin nhắn tới {links}/ (cơ sở "
                 "dữ liệu: {db})", host=host, port=port, links=links, db=dd.engine.url.render_as_string()))
    try:
        app.run(host=host, port=port, use_reloader=False, threaded=True)
    finally:
        stop.set()
        if dispatcher is not None:  # let it log what the relay already took (a batch's end)
            dispatcher.join(timeout=30)
