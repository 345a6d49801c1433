"""The one error the importer raises: a message a person can act on (English, CLI/logs)."""
from __future__ import annotations


class PlanImportError(ValueError):
    """The document cannot be turned into a plan draft; the message says what and where."""

    def __init__(self, message: str, filename: str | None = None, line: int | None = None,
                 code: str = "unreadable", **values):
        self.reason = message  # English, for logs and the command line
        self.code, self.values = code, values  # what a page translates
        self.filename = filename
        self.line = line
        where = filename or "<input>"
        if line is not None:
            where += f", line {line}"
        super().__init__(f"{where}: {message}")
