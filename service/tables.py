"""The one MetaData every table of dondoc belongs to (Alembic compares migrations against it)."""
from datetime import datetime, timezone

from sqlalchemy import DateTime, MetaData
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator):
    """An aware UTC datetime on every backend (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: dondoc stores aware UTC times")
        return value.astimezone(timezone.utc)

    def result_processor(self, dialect, coltype):
        if dialect.name == "sqlite":  # the stored text to an aware time in one step
            return _sqlite_utc
        if dialect.name == "postgresql":  # no driver conversion to wrap: one call per value
            return _aware_utc
        return super().result_processor(dialect, coltype)

    def process_result_value(self, value, dialect):
        return _aware_utc(value)


def _aware_utc(value: datetime | None) -> datetime | None:
    """An aware UTC time (naive: UTC already)."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


# driver_statements' rows keep a value whose zone is datetime.timezone.utc as it is, without a
# call (psycopg reads PostgreSQL's times so on a session in UTC: db.make_engine; a page of tasks
# made 33 calls)
_aware_utc.utc_as_is = True


def _sqlite_utc(value: str | None) -> datetime | None:
    """What SQLAlchemy's SQLite DATETIME reads (datetime.fromisoformat), as process_result_value
    gives it (UTC), without a second call per value: every event read has one."""
    if value is None:
        return None
    try:  # stored naive (UTC): read as UTC in one step; replace(tzinfo=) cost 5 µs more
        parsed = datetime.fromisoformat(value + "+00:00")
        if parsed.tzinfo is timezone.utc:  # not a date alone, which ignores the offset
            return parsed
    except ValueError:  # an offset of its own
        pass
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
