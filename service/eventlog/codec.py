"""Event <-> JSON. Types come from the event class's annotations, so the JSON stays plain
(no type tags) and dates, decimals, enums and UUIDs still round-trip exactly.

The version of the shape an event was written in is stored in the row's meta under
``SCHEMA_KEY`` (meta is covered by the hash chain; rows from before it was kept have no such
key and are version 1). Reading upcasts older shapes to the current class (workflows.events).
"""
from __future__ import annotations

import dataclasses
import enum
import types
import typing
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache

from workflows.events import Event, event_class, upcast

SCHEMA_KEY = "schema"


def encode(value):
    """A domain value as JSON-ready data."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELDS.get(kind)
    if names is not None:  # a dataclass seen before: its plain fields as they are, without a call
        out = {}
        for name in names:
            v = getattr(value, name)
            out[name] = v if type(v) in _PLAIN else encode(v)
        return out
    convert = _CONVERSIONS.get(kind)
    if convert is None:  # worked out once per type: the tests below cost 2-4 µs an enum or date
        convert = _conversion(value)
        if not isinstance(value, type):
            _CONVERSIONS[kind] = convert
    return convert(value)


def _conversion(value):
    """How ``value`` is encoded: the same for every value of its type."""
    if isinstance(value, (bool, int, float, str)):
        return _enum_value if isinstance(value, enum.Enum) else _identity
    if isinstance(value, enum.Enum):
        return _encoded_value
    if isinstance(value, (Decimal, uuid.UUID)):
        return str
    if isinstance(value, datetime):
        return _utc_time
    if isinstance(value, date):
        return type(value).isoformat
    if dataclasses.is_dataclass(value):
        return _dataclass
    if isinstance(value, (list, tuple, set, frozenset)):
        return _items
    if isinstance(value, dict):
        return _mapping
    raise TypeError(f"cannot store {type(value).__name__} in an event")


def _enum_value(value):
    return value._value_  # what .value gives, without the property's call


def _encoded_value(value):
    return encode(value._value_)


def _utc_time(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: events hold aware UTC times")
    return value.astimezone(timezone.utc).isoformat()


def _dataclass(value) -> dict:
    names = tuple(f.name for f in dataclasses.fields(value))
    if not isinstance(value, type):
        _FIELDS[type(value)] = names
    return {name: encode(getattr(value, name)) for name in names}


def _items(value) -> list:
    return [encode(v) for v in value]


def _mapping(value) -> dict:
    return {str(k): encode(v) for k, v in value.items()}


_PLAIN = frozenset({type(None), bool, int, float, str})  # exactly these types: as they are
_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, by its class
_CONVERSIONS: dict[type, object] = {}  # how the values of any other type seen are encoded


def encode_event(ev: Event) -> tuple[str, dict]:
    return ev.type_name, encode(ev)


def decode_event(type_name: str, data: dict, schema_version: int | None = None) -> Event:
    """The event of a stored row; ``schema_version`` is the shape it was written in (None:
    the current one, as for an event just encoded)."""
    found = _BY_NAME.get(type_name)
    if found is None:  # a name is registered once, to one class (workflows.events.event)
        cls = event_class(type_name)
        found = _BY_NAME[type_name] = (cls, _decoder(cls))
    cls, decode = found
    if schema_version is not None and schema_version != cls.schema_version:
        data = upcast(type_name, schema_version, data)
    return decode(data)


_BY_NAME: dict[str, tuple[type, typing.Callable]] = {}  # type name -> (class, its decoder)


def schema_of(meta: dict) -> int:
    """The shape version a stored row was written in."""
    return int(meta.get(SCHEMA_KEY, 1))


@lru_cache(maxsize=None)
def _decoder(tp):
    """A function turning JSON data into a value of type ``tp`` (built once per type)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is typing.Any:
        return _identity
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        dec = _decoder(inner[0]) if len(inner) == 1 else _identity
        if dec is _identity:  # None or the value: the value as it is
            return _identity
        return lambda v: None if v is None else dec(v)
    if origin in (tuple, list, set, frozenset):
        item = _decoder(args[0]) if args and args[0] is not Ellipsis else _identity
        if item is _identity:  # the items as they are, without a call each
            return origin
        return lambda v: origin(item(x) for x in v)
    if origin is dict:
        val = _decoder(args[1]) if len(args) == 2 else _identity
        key = _decoder(args[0]) if args else _identity
        return lambda v: {key(k): val(x) for k, x in v.items()}
    if origin is typing.Literal:
        return _identity
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    return _SCALARS.get(tp) or _enum_or_identity(tp)


def _dataclass_decoder(cls):
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls) if f.init]
    plain = [name for name, dec in fields if dec is _identity]  # str, int, Any: taken as they are
    converted = [(name, dec) for name, dec in fields if dec is not _identity]

    def decode(data):
        values = {name: data[name] for name in plain if name in data}
        for name, dec in converted:
            if name in data:
                values[name] = dec(data[name])
        return cls(**values)

    return _every_field(cls, fields, decode)


def _every_field(cls, fields: list, decode):
    """A decoder made for ``cls``, for data that holds every field (the events of a stream
    read for a command): each field read from the data as it is or through its own decoder,
    in one step, without building a dict of them first. A frozen dataclass whose ``__init__``
    is the one dataclasses wrote (it only sets each field, by ``object.__setattr__``) has the
    fields put in the new instance's ``__dict__`` directly, as that ``__init__`` would.
    Data that lacks a field, or is no mapping, goes to ``decode``, which gives what it always
    gave: the class's defaults for the missing fields, or the same error."""
    env = {"cls": cls, "decode": decode, "new": object.__new__}
    values = []
    for i, (name, dec) in enumerate(fields):
        if dec is _identity:
            values.append(f"data[{name!r}]")
        else:
            env[f"d{i}"] = dec
            values.append(f"d{i}(data[{name!r}])")
    names = [name for name, _ in fields]
    if _only_sets_fields(cls, names):
        read = "".join(f"        v{i} = {v}\n" for i, v in enumerate(values)) or "        pass\n"
        put = "".join(f"    d[{name!r}] = v{i}\n" for i, name in enumerate(names))
        source = (f"def every_field(data):\n    try:\n{read}"
                  f"    except (KeyError, TypeError):\n        return decode(data)\n"
                  f"    made = new(cls)\n    d = made.__dict__\n{put}    return made\n")
    else:
        given = ", ".join(f"{name}={v}" for name, v in zip(names, values))
        source = (f"def every_field(data):\n    try:\n        return cls({given})\n"
                  f"    except (KeyError, TypeError):\n        return decode(data)\n")
    exec(source, env)  # noqa: S102 (field names are identifiers; no data reaches the source)
    return env["every_field"]


def _only_sets_fields(cls, names: list[str]) -> bool:
    """Whether ``cls(**fields)`` does nothing but set each field on a new instance: a frozen
    dataclass (its ``__init__`` sets by ``object.__setattr__``) whose ``__init__`` is the one
    dataclasses wrote, taking exactly its fields (no InitVar, none left out of it), with no
    ``__post_init__``, and instances that keep a ``__dict__``."""
    params = getattr(cls, "__dataclass_params__", None)
    code = getattr(cls.__init__, "__code__", None)
    return (params is not None and params.frozen and code is not None
            and code.co_filename == "<string>"  # generated by dataclasses, not written by hand
            and code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount] == tuple(names)
            and len(dataclasses.fields(cls)) == len(names)
            and not hasattr(cls, "__post_init__") and cls.__dictoffset__ != 0)


def _identity(v):
    return v


def _enum_or_identity(tp):
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp
    return _identity


def _datetime(v):
    return datetime.fromisoformat(v).astimezone(timezone.utc)


_SCALARS = {
    Decimal: Decimal,
    date: date.fromisoformat,
    datetime: _datetime,
    uuid.UUID: uuid.UUID,
    int: int,
    float: float,
    str: str,
    bool: bool,
}
