"""Plan importer: a plan document (text/Markdown, .docx, PDF with text) -> a plan draft dict.

Takes bytes and returns data; reads no file, clock, database or network.
"""
from __future__ import annotations

from workflows.gc_pause import pausing_collection

from .errors import PlanImportError


@pausing_collection  # a 200-page plan: tens of thousands of objects kept, no garbage cycles
def import_plan(data: bytes, filename: str) -> dict:
    """The plan draft of shared/DESIGN.md "Plan draft"; raises PlanImportError."""
    from .draft import build

    return build(data, filename)


__all__ = ["PlanImportError", "import_plan"]
