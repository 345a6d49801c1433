"""A plan's year as written in its data file (tests/acceptance/plans/<plan>.toml): who behaves
how, the scenes (a reassignment, an extension, a returned result) and the final class of every
task. Also what the people mean to do later (the next working day's submissions).

Tasks are named as a reader of the plan names them: ``agency | line | period``, the period
being the reporting period's key (``2025-H1``, ``2025-03``…) or ``-`` for a one-off duty.
"""
from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.plans import plans
from service.projections.tasks import tasks
from service.web.task_page import duty_in_draft
from tests.acceptance.people import FOCAL_PERSONAS

PLANS = Path(__file__).parent / "plans"
# The five seed plans of shared/plans/seeds, as the repository carries them for the demo.
SEEDS = Path(__file__).resolve().parents[2] / "service" / "demo" / "plans"
CLASSES = ("done_on_time", "done_late", "in_progress_on_time", "in_progress_overdue",
           "cancelled")


@dataclass(frozen=True)
class Row:
    agency: str
    line: int | None
    period: str
    deadline: str  # dd/mm/yyyy
    final: str

    def __str__(self) -> str:
        return f"{self.agency} | {self.line or '-'} | {self.period} | {self.deadline} | {self.final}"


def parse_rows(text: str, source: str) -> list[Row]:
    rows = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 5 or parts[4] not in CLASSES:
            raise ValueError(f"{source}, tasks line {n}: want 'agency | line | period | "
                             f"deadline | one of {CLASSES}', got {raw!r}")
        rows.append(Row(parts[0], None if parts[1] == "-" else int(parts[1]), parts[2],
                        parts[3], parts[4]))
    return rows


@dataclass
class PlanScript:
    name: str
    file: str
    year: int
    reporting: list[str]  # cadences the coordinator adds when the plan states none
    reporting_from: list[str]  # and the agencies the coordinator names to send those reports
    personas: dict[str, str]  # agency name -> persona of its focal point
    scenes: dict[str, dict]
    expected: list[Row]
    plan_id: str | None = None
    lower_plan_id: str | None = None  # the plan of the "cascade" scene, once imported
    _index: dict = field(default_factory=dict)  # (agency, line, period) -> task ids
    _lines: dict = field(default_factory=dict)  # task id -> (agency, line, period)
    _intents: dict = field(default_factory=lambda: defaultdict(list))  # day -> [(who, task)]
    _returned: set = field(default_factory=set)

    @classmethod
    def load(cls, name: str) -> "PlanScript":
        path = PLANS / f"{name}.toml"
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        personas = data["agencies"]
        wrong = {a: p for a, p in personas.items() if p not in FOCAL_PERSONAS}
        if wrong:
            raise ValueError(f"{path.name}: unknown personas {wrong} (want {FOCAL_PERSONAS})")
        return cls(name, data["file"], data["year"], data.get("reporting", []),
                   data.get("reporting_from", []), personas,
                   data.get("scenes", {}), parse_rows(data["tasks"]["rows"], path.name))

    def seed_path(self) -> Path:
        return SEEDS / self.file

    def lower_path(self) -> Path:
        return PLANS / "lower" / self.scenes["cascade"]["file"]

    # -- naming tasks the way the data file does -----------------------------------------------

    def index(self, conn) -> None:
        draft = conn.execute(select(plans.c.draft).where(plans.c.plan_id == self.plan_id)).scalar()
        names = dict(conn.execute(select(agencies.c.agency_id, agencies.c.name)).all())
        self._index = defaultdict(list)
        for t in conn.execute(select(tasks.c.task_id, tasks.c.duty_id, tasks.c.agency_id,
                                     tasks.c.period_key).where(tasks.c.plan_id == self.plan_id)
                              .order_by(tasks.c.task_id)):
            line = duty_in_draft(draft, t.duty_id).get("line")
            self._index[(names[t.agency_id], line, t.period_key or "-")].append(t.task_id)
        self._lines = {task_id: key for key, ids in self._index.items() for task_id in ids}

    def task(self, scene: dict) -> str:
        line = scene.get("line")  # "-": a periodic report the coordinator added (no plan line)
        key = (scene["agency"], None if line == "-" else line, scene.get("period", "-"))
        found = self._index.get(key)
        if not found:
            raise AssertionError(f"{self.name}: no task {' | '.join(map(str, key))} for a scene; "
                                 f"the plan's tasks are {sorted(self._index)}")
        return found[0]

    def named(self, task_id: str) -> str:
        agency, line, period = self._lines.get(task_id, ("?", None, "?"))
        return f"{agency} | {line or '-'} | {period}"

    # -- scenes ---------------------------------------------------------------------------------

    def extension_for(self, task_id: str) -> int | None:
        scene = self.scenes.get("extension")
        return scene["days"] if scene and self.task(scene) == task_id else None

    def return_now(self, task_id: str) -> bool:
        """True for the first result sent for the scene's task (the coordinator returns it)."""
        scene = self.scenes.get("returned")
        if scene and self.task(scene) == task_id and task_id not in self._returned:
            self._returned.add(task_id)
            return True
        return False

    # -- what people mean to do -----------------------------------------------------------------

    def intend(self, who: str, task_id: str, day: date) -> None:
        self._intents[day].append((who, task_id))

    def intended(self, who: str, task_id: str) -> bool:
        return any((who, task_id) in v for v in self._intents.values())

    def intents_for(self, who: str, day: date) -> list[str]:
        mine = [t for w, t in self._intents.get(day, []) if w == who]
        self._intents[day] = [(w, t) for w, t in self._intents.get(day, []) if w != who]
        return mine

    def next_intent_day(self, after: date) -> date | None:
        days = [d for d, v in self._intents.items() if v and d > after]
        return min(days) if days else None
