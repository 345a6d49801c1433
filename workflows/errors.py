"""The domain's refusals of a value or a reference, for every command and setting alike.

Each says what was wrong and where; the service's error table (``service.errors``) gives each
its HTTP status, stable code and message. A plain ValueError or KeyError is never one of them:
it is a bug, and is reported as one.
"""
from __future__ import annotations


class InvalidValue(ValueError):
    """``field`` holds a value the domain refuses; ``problem`` says why (English). ``code``,
    when given, names the refusal for the pages' own words (service.errors), with ``values``."""

    def __init__(self, field: str, problem: str, code: str | None = None, values: dict | None = None):
        self.field, self.problem, self.code, self.values = field, problem, code, dict(values or {})
        super().__init__(f"{field}: {problem}")


class NotFound(LookupError):
    """No ``what`` (agency, person, ...) has the id ``key``."""

    def __init__(self, what: str, key: str):
        self.what, self.key = what, key
        super().__init__(f"no {what} {key!r}")

    def __str__(self) -> str:  # KeyError subclasses would quote the whole message
        return f"no {self.what} {self.key!r}"


class AlreadyExists(ValueError):
    """A ``what`` named ``name`` exists already, as ``existing``."""

    def __init__(self, what: str, name: str, existing: str):
        self.what, self.name, self.existing = what, name, existing
        super().__init__(f"a {what} named {name!r} exists already ({existing})")
