"""The append-only event log: table, codec, hash chain, store, verification and rebuild."""
from .store import ConcurrencyError, EventStore, Meta, NewStream, StoredEvent

__all__ = ["ConcurrencyError", "EventStore", "Meta", "NewStream", "StoredEvent"]
