"""Every table of dondoc, gathered on one MetaData (for Alembic and the schema test)."""
from service.eventlog import tables as _eventlog  # noqa: F401
from service.auth import attempts as _attempts, credentials as _credentials  # noqa: F401
from service.feeds import tokens as _feeds  # noqa: F401
from service.outbox import tables as _outbox  # noqa: F401
from service.projections import agencies as _agencies, people as _people, plans as _plans  # noqa: F401
from service.projections import plan_sources as _plan_sources, tasks as _tasks  # noqa: F401
from service.projections import overdue_tally as _overdue_tally, plan_links as _plan_links  # noqa: F401
from service.projections import class_tally as _class_tally  # noqa: F401
from service.projections import targets as _targets  # noqa: F401
from service.scheduler import leadership as _leadership, projection as _schedule  # noqa: F401
from service.tables import metadata

__all__ = ["metadata"]
