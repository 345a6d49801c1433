"""service.db.json_dumps, the engines' serializer for JSON columns, writes what json.dumps
writes (escapes, floats, non-string keys, NaN), and refuses what it refuses."""
import json

import pytest

from service.db import json_dumps

VALUES = [
    {"a": 'Nhiệm vụ "trích"\n\t\\ ', "b": [1, 2.5, -0.0, 1e300, 10 ** 30, None, True, False], "c": {}},
    "chuỗi", 1.5, float("nan"), float("inf"), [], {}, None, 12345678901234567890,
    {1: "x", 2.5: "y", None: "z", True: "t"}, ("tuple", 1), {"nested": [{"deep": ["\u2013", "\x00"]}]},
]


@pytest.mark.parametrize("value", VALUES)
def test_the_text_json_dumps_writes(value):
    assert json_dumps(value) == json.dumps(value)


def test_what_json_cannot_hold_is_refused():
    with pytest.raises(TypeError):
        json_dumps({"x": object()})
