"""Commands: what a person (or the scheduler) asks dondoc to do. Handlers live in service."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workflows.plan_events import Correction


@dataclass(frozen=True)
class ImportPlan:
    filename: str
    data: bytes


@dataclass(frozen=True)
class CorrectDraft:
    plan_id: str
    corrections: tuple[Correction, ...]
    expected_version: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class ActivatePlan:
    plan_id: str
    days_after_cutoff: int = 2
    settings: dict[str, Any] = field(default_factory=dict)
    expected_version: int | None = None


@dataclass(frozen=True)
class RegisterAgency:
    name: str
    level: str
    parent_id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddAgencyAlias:
    agency_id: str
    alias: str


__all__ = ["ImportPlan", "CorrectDraft", "ActivatePlan", "RegisterAgency", "AddAgencyAlias", "date"]
