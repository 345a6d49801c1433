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
