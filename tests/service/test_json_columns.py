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


# What a JSON column gives back on each backend, through the engine's readers: SQLAlchemy's own
# and the driver statements' (their SQLite converter and PostgreSQL's loader take "[]" as []
# without parsing; everything else is parsed as before, big integers included).
READ_BACK = [[], [1, 2], ["ag-001"], {}, {"a": []}, "[]", "chuỗi", 1.5, 2 ** 62, [12345678901234567890], None,
             {"nested": [{"deep": ["\u2013"]}]}, [[]]]


def test_json_columns_read_back_what_was_written(engine):
    from sqlalchemy import JSON, Column, Integer, MetaData, Table, insert, select

    from service.driver_statements import DriverStatement

    table = Table("json_read_back", MetaData(), Column("id", Integer, primary_key=True),
                  Column("value", JSON(none_as_null=True)))
    table.create(engine)
    with engine.begin() as conn:
        conn.execute(insert(table), [{"id": i, "value": v} for i, v in enumerate(READ_BACK)])
    query = select(table.c.id, table.c.value).order_by(table.c.id)
    with engine.connect() as conn:
        by_sqlalchemy = [r.value for r in conn.execute(query)]
        by_driver = [r.value for r in DriverStatement(query).records(conn)]
        conn.rollback()
    for read in (by_sqlalchemy, by_driver):
        assert read == READ_BACK
        assert [type(v) for v in read] == [type(v) for v in READ_BACK]
    with engine.connect() as conn:  # an empty list is a new one each time: callers may change it
        again = DriverStatement(query).records(conn)[0].value
    assert again == [] and again is not by_driver[0]


@pytest.mark.parametrize("value", [2 ** 64, 2 ** 64 - 1, -2 ** 63 - 1, -2 ** 63, 10 ** 30, [1, {"n": -(10 ** 25)}],
                                   {"s": "0123456789012345678901", "n": 12}, "9" * 40, 1.5e300])
def test_json_loads_reads_back_what_json_dumps_wrote(value):
    from service.db import json_loads

    text = json.dumps(value)
    for given in (text, text.encode()):
        read = json_loads(given)
        assert read == value and type(read) is type(value)
