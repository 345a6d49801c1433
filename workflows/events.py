"""Domain events: immutable facts, registered by name so the log can store and revive them.

An event class is a frozen dataclass decorated with :func:`event`. Its fields must be JSON
friendly or one of the types the log's codec round-trips exactly: ``str``, ``int``, ``bool``,
``float``, ``Decimal``, ``date``, ``datetime`` (aware, UTC), ``Enum`` subclasses, ``UUID``,
``tuple``/``list``/``dict`` of those, ``Optional`` of those, and nested dataclasses.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, TypeVar

_REGISTRY: dict[str, type["Event"]] = {}

E = TypeVar("E", bound=type["Event"])


@dataclass(frozen=True)
class Event:
    """Base of every domain event. ``type_name`` is the name stored in the log."""

    type_name: ClassVar[str] = "Event"


def event(cls: E) -> E:
    """Register an event class under its class name (the stored type name)."""
    name = cls.__name__
    if name in _REGISTRY and _REGISTRY[name] is not cls:
        raise ValueError(f"event type {name!r} is registered twice")
    cls.type_name = name
    _REGISTRY[name] = cls
    return cls


class UnknownEventType(LookupError):
    """The log holds an event type this version of dondoc does not know."""


def event_class(name: str) -> type[Event]:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownEventType(name) from None


def registered_events() -> dict[str, type[Event]]:
    return dict(_REGISTRY)
