"""blinker signals: for auditing, metrics and tests, never for work that must happen."""
from blinker import Namespace

_signals = Namespace()

#: sent after a unit of work commits, with ``events`` (list of StoredEvent)
events_committed = _signals.signal("events-committed")
