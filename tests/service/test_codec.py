import uuid
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from service.eventlog.codec import decode_event, encode, encode_event

from .sample_events import Amount, Colour, SampleHappened

aware = st.datetimes(timezones=st.just(timezone.utc))


@given(
    name=st.text(), due=st.dates(), at=aware,
    amount=st.decimals(allow_nan=False, allow_infinity=False),
    colour=st.sampled_from(Colour), ref=st.uuids(),
    tags=st.lists(st.text(), max_size=3).map(tuple),
    parts=st.lists(st.builds(Amount, st.decimals(allow_nan=False, allow_infinity=False), st.text()),
                   max_size=3).map(tuple),
    note=st.none() | st.text(),
    ratio=st.floats(allow_nan=False, allow_infinity=False),
)
def test_every_field_type_round_trips_exactly(**fields):
    ev = SampleHappened(**fields)
    name, data = encode_event(ev)
    assert decode_event(name, data) == ev


def test_encoded_data_is_plain_json():
    ev = SampleHappened("x", date(2024, 2, 29), datetime(2024, 1, 1, tzinfo=timezone.utc),
                       Decimal("43.60"), Colour.RED, uuid.UUID(int=1))
    _, data = encode_event(ev)
    assert data["due"] == "2024-02-29"
    assert data["amount"] == "43.60"
    assert data["colour"] == "red"


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive"):
        encode(datetime(2024, 1, 1))


def test_missing_fields_take_the_class_defaults_and_a_missing_required_one_is_refused():
    ev = SampleHappened("x", date(2024, 2, 29), datetime(2024, 1, 1, tzinfo=timezone.utc),
                        Decimal("1"), Colour.RED, uuid.UUID(int=1), tags=("a",), note="n")
    name, data = encode_event(ev)
    short = {k: v for k, v in data.items() if k not in ("tags", "note", "ratio")}
    assert decode_event(name, short) == SampleHappened(*(getattr(ev, f) for f in
                                                         ("name", "due", "at", "amount", "colour", "ref")))
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'name'"):
        decode_event(name, {k: v for k, v in data.items() if k != "name"})
    with pytest.raises(TypeError, match="not iterable"):
        decode_event(name, None)
    with pytest.raises(ValueError):  # a field's own decoder refuses it, as before
        decode_event(name, {**data, "due": "not a date"})


def test_every_event_is_decoded_into_the_instance_its_init_would_make():
    """Events are made without their dataclass ``__init__`` (its fields set in the instance
    directly), so that holds only for the classes whose ``__init__`` does nothing else."""
    import dataclasses

    from service.eventlog.codec import _decoder, _only_sets_fields
    from workflows.event_types import load_all
    from workflows.events import registered_events

    load_all()
    for name, cls in registered_events().items():
        names = [f.name for f in dataclasses.fields(cls)]
        assert _only_sets_fields(cls, names), name

    @dataclasses.dataclass(frozen=True)
    class Checked:
        n: int

        def __post_init__(self):
            if self.n < 0:
                raise ValueError("negative")

    @dataclasses.dataclass(frozen=True)
    class Computed:
        n: int
        twice: int = dataclasses.field(init=False, default=0)

    assert not _only_sets_fields(Checked, ["n"])
    assert not _only_sets_fields(Computed, ["n"])
    with pytest.raises(ValueError, match="negative"):  # such a class is made by its __init__
        _decoder(Checked)({"n": -1})
    assert _decoder(Computed)({"n": 2}) == Computed(2)
