"""Import every module that defines events, so the registry knows every type the log may hold
(``log verify`` and ``log rebuild`` treat a type nobody imported as unknown)."""
import importlib

EVENT_MODULES = (
    "workflows.plan_events",
    "workflows.task_events",
    "workflows.people_events",
    "workflows.message_events",
)


def load_all() -> None:
    for name in EVENT_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
