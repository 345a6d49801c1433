"""Recording each read of a submitted file before its bytes go out, and listing the reads."""
from __future__ import annotations

from service.eventlog.store import ConcurrencyError, EventStore, Meta
from workflows.access_events import SubmissionFileRead, file_reads_stream

_TRIES = 8


def record_read(dd, task_id: str, attachment: dict, actor, address: str, request_id: str) -> None:
    """Append SubmissionFileRead (who: the actor; from where: ``address``); raises if it
    cannot be written, so that no file is served unrecorded."""
    stream = file_reads_stream(task_id)
    event = SubmissionFileRead(task_id, attachment["storage_key"], attachment["name"], address)
    meta = Meta(actor=actor.user_id, agency=actor.agency_id, request_id=request_id)
    for attempt in range(_TRIES):
        try:
            with dd.uow(meta) as uow:
                uow.append(stream, uow.events.stream_version(stream), [event])
                uow.commit()
            return
        except ConcurrencyError:  # another read of this task's files at the same moment
            if attempt == _TRIES - 1:
                raise


def reads_of(conn, task_id: str) -> list:
    """The recorded reads, oldest first (StoredEvent: .event, .meta, .recorded_at)."""
    return EventStore(conn).read_stream(file_reads_stream(task_id))
