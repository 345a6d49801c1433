"""Reads of personal data: who opened which submitted file, when, and from where.

Submissions name drug users and trafficking victims (the Personal Data Protection Law, in
force from 1 January 2026). Each read goes on the stream ``file-reads-<task_id>``, not on the
task's own stream: a read changes nothing of the task, so its version (which every open form
carries) stays as it was. Who is the event's actor; when, its recorded time.
"""
from __future__ import annotations

from dataclasses import dataclass

from workflows.events import Event, event


def file_reads_stream(task_id: str) -> str:
    return f"file-reads-{task_id}"


@event
@dataclass(frozen=True)
class SubmissionFileRead(Event):
    task_id: str
    storage_key: str
    file_name: str
    address: str  # the client address the file went to
