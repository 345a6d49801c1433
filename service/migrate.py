"""Apply Alembic migrations from the installed ``migrations`` package."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

import migrations


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision(s) the database is at, joined with '+' where several heads are applied."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect().execution_options(dondoc_read_only=True) as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return "+".join(sorted(heads)) or None


def code_heads(engine: Engine) -> set[str]:
    """The revision(s) this code's migrations lead to."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def schema_problem(engine: Engine) -> tuple[str, dict] | None:
    """Why this code cannot work on the database, as a code and its values (the command line
    words them: service.cli.words.SCHEMA_PROBLEMS): ``unreachable``, ``empty`` (not migrated),
    ``other_revision`` (behind or ahead of its migrations); None when it is migrated."""
    from sqlalchemy.exc import SQLAlchemyError

    where = engine.url.render_as_string(hide_password=True)
    try:
        current = current_revision(engine)
    except SQLAlchemyError as exc:
        return "unreachable", {"where": where,
                               "error": f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}"}
    wanted = code_heads(engine)
    if current is None:
        return "empty", {"where": where}
    if set(current.split("+")) != wanted:
        return "other_revision", {"where": where, "current": current, "wanted": "+".join(sorted(wanted))}
    return None
