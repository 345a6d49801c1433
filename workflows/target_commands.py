"""Commands on a plan's targets and reports (handlers in ``service.handlers.targets``)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CorrectTargetFigure:
    """Set an agency's figure for a target in a period; the figure before it stays in history."""

    plan_id: str
    target_id: str
    agency_id: str
    period_key: str
    value: Decimal | None  # None: the share of numerator and denominator
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str | None = None


@dataclass(frozen=True)
class DraftReport:
    """Generate the consolidated report of a plan for a period (a .docx draft)."""

    plan_id: str
    period_key: str
    with_lower: bool = False  # a section on the lower plans implementing it (their classification)
