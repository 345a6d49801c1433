"""Domain events: immutable facts, registered by name so the log can store and revive them.

An event class is a frozen dataclass decorated with :func:`event`. Its fields must be JSON
friendly or one of the types the log's codec round-trips exactly: ``str``, ``int``, ``bool``,
``float``, ``Decimal``, ``date``, ``datetime`` (aware, UTC), ``Enum`` subclasses, ``UUID``,
``tuple``/``list``/``dict`` of those, ``Optional`` of those, and nested dataclasses.

Shapes change; stored events never do. Each class says the version of the shape it writes
(``schema_version``, 1 unless raised), the log stores it beside every event, and a change of
fields raises the version and comes with an :func:`upcaster` from the shape before, so every
event ever written still reads as the current class. tests/service/event_fixtures holds one
event of every type at every version, read through the current code by a test.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, TypeVar

_REGISTRY: dict[str, type["Event"]] = {}
_UPCASTERS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {}

E = TypeVar("E", bound=type["Event"])


@dataclass(frozen=True)
class Event:
    """Base of every domain event. ``type_name`` is the name stored in the log."""

    type_name: ClassVar[str] = "Event"
    schema_version: ClassVar[int] = 1  # the shape written now; older ones are upcast on reading


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


def upcaster(type_name: str, from_version: int):
    """Register a function turning the stored data of ``type_name`` at ``from_version`` into
    the data of ``from_version + 1`` (plain JSON in, plain JSON out)."""

    def register(fn):
        key = (type_name, from_version)
        if key in _UPCASTERS:
            raise ValueError(f"two upcasters for {type_name} version {from_version}")
        _UPCASTERS[key] = fn
        return fn

    return register


class UnknownEventVersion(LookupError):
    """The log holds a shape of an event this version of dondoc cannot read: one written by a
    newer dondoc, or an older one whose upcaster is missing."""

    def __init__(self, type_name: str, version: int, reason: str):
        self.type_name, self.version = type_name, version
        super().__init__(f"{type_name} version {version}: {reason}")


def upcast(type_name: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    """The stored ``data`` of ``type_name`` at ``version`` in the current shape."""
    current = event_class(type_name).schema_version
    if version > current:
        raise UnknownEventVersion(type_name, version, f"this dondoc writes and reads up to {current}")
    while version < current:
        step = _UPCASTERS.get((type_name, version))
        if step is None:
            raise UnknownEventVersion(type_name, version, f"no upcaster to version {version + 1}")
        data, version = step(data), version + 1
    return data


def upcasters() -> dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]]:
    return dict(_UPCASTERS)
