"""Search across plans, tasks and agencies, within what the actor may view.

Plans and agencies are few: they are matched in Python, ignoring case and diacritics ("cong an"
finds "Công an tỉnh"). Tasks may be many: they are matched in SQL (case-insensitive, as typed,
so "tập huấn" and "Tập huấn" both match; typing without diacritics does not reach them), under
the actor's visibility and a limit.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from notifications.transliterate import remove_diacritics
from service.projections.agencies import agencies
from service.projections.tasks import tasks
from service.queries.plans import list_plans
from service.queries.visibility import task_scope
from workflows.permissions import Actor

LIMIT = 50


@dataclass(frozen=True)
class Found:
    plans: list
    tasks: list
    agencies: list
    more_tasks: bool


def fold(text: str) -> str:
    """Lower case without diacritics: "Ủy ban" → "uy ban", "Đắk Lắk" → "dak lak"."""
    return remove_diacritics(text or "").casefold()


def search(conn, actor: Actor, query: str) -> Found:
    query = " ".join((query or "").split())[:100]
    if len(query) < 2:
        return Found([], [], [], False)
    words = fold(query).split()

    def hit(*texts) -> bool:
        folded = fold(" ".join(t or "" for t in texts))
        return all(w in folded for w in words)

    plans = [p for p in list_plans(conn, actor) if hit(p.number, p.title)][:LIMIT]
    names = conn.execute(select(agencies.c.agency_id, agencies.c.name)).all()
    found_agencies = [a for a in names if hit(a.name)][:LIMIT]
    pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(select(tasks.c.task_id, tasks.c.duty_text, tasks.c.agency_id,
                               tasks.c.plan_id, tasks.c.deadline, tasks.c.state, tasks.c.period_label)
                        .where(task_scope(actor), tasks.c.duty_text.ilike(pattern, escape="\\"))
                        .order_by(tasks.c.deadline, tasks.c.task_id).limit(LIMIT + 1)).mappings().all()
    return Found(plans, [dict(r) for r in rows[:LIMIT]], found_agencies, len(rows) > LIMIT)
