"""The API's JSON through orjson holds the same values as Flask's own provider writes."""
from __future__ import annotations

import dataclasses
import decimal
import json
import uuid
from datetime import date, datetime, timezone

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from service.api.json_provider import OrjsonProvider


@dataclasses.dataclass
class Point:
    x: int
    y: str


VALUE = {"b": [1, 2.5, None, True], "a": "Sở Y tế «phối hợp»", "when": datetime(2026, 11, 29, 3, tzinfo=timezone.utc),
         "day": date(2026, 11, 29), "amount": decimal.Decimal("12.30"), "point": Point(1, "ý"),
         "id": uuid.UUID(int=7), "big": 2 ** 70, "nested": {"z": 1, "y": {"é": []}}}


def _app(provider):
    app = Flask(__name__)
    app.json = provider(app)
    return app


def test_same_values_as_flask():
    ours, flask = _app(OrjsonProvider), _app(DefaultJSONProvider)
    with ours.app_context():
        mine = ours.json.response(VALUE).get_data(as_text=True)
    with flask.app_context():
        theirs = flask.json.response(VALUE).get_data(as_text=True)
    assert json.loads(mine) == json.loads(theirs)
    assert list(json.loads(mine)) == sorted(VALUE)  # keys sorted, as Flask sorts them


def test_utf8_and_compact():
    app = _app(OrjsonProvider)
    with app.app_context():
        text = app.json.response({"a": "Sở Y tế", "b": [1, 2]}).get_data(as_text=True)
    assert text == '{"a":"Sở Y tế","b":[1,2]}\n'


def test_debug_and_options_are_flasks_own():
    app = _app(OrjsonProvider)
    app.debug = True
    with app.app_context():
        assert app.json.response({"a": 1}).get_data(as_text=True) == '{\n  "a": 1\n}\n'
        assert app.json.dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
