"""How the command line says counts and times: "1 duty", "3 duties", local times in Vietnam
(the service stores UTC; a person reads Asia/Ho_Chi_Minh)."""
from __future__ import annotations

from datetime import datetime

from workflows.localtime import VN_TZ


def count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def local(instant: datetime) -> str:
    """``28/11/2026 07:30 (UTC+7)``."""
    return instant.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M (UTC+7)")


def dispatched(counts) -> str:
    """A dispatcher round (service.outbox.dispatcher.DispatchCounts) in one line."""
    if not counts.claimed:
        return "nothing to send"
    parts = [f"{count(counts.sent, 'message')} sent"]
    if counts.retried:
        parts.append(f"{counts.retried} to retry")
    if counts.failed:
        parts.append(f"{counts.failed} failed for good")
    if counts.lost:
        parts.append(f"{counts.lost} taken over by another dispatcher")
    return ", ".join(parts) + f" (of {counts.claimed} claimed)"


def swept(report) -> str:
    """A sweep (service.scheduler.sweep.SweepReport) in one line."""
    head = f"sweep at {local(report.now)}: "
    if not report.tasks:
        return head + "nothing due"
    parts = [count(report.tasks, "due task"), f"{count(report.sent, 'reminder')} recorded"]
    for n, words in ((report.skipped, "skipped (a later one was due)"),
                     (report.overdue, "marked overdue"),
                     (report.escalated, f"escalated in {count(report.escalation_lists, 'message')}"),
                     (report.conflicts, "retried after a conflict"),
                     (len(report.failed), "failed (left for the next sweep)")):
        if n:
            parts.append(f"{n} {words}")
    return head + ", ".join(parts)
