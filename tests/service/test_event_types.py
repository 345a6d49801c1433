import subprocess
import sys


def test_verify_knows_every_domain_event_without_other_imports():
    code = ("from workflows.event_types import load_all; from workflows.events import registered_events;"
            "load_all(); names = registered_events();"
            "assert {'TaskCreated', 'PlanImported', 'PersonAdded', 'ReminderSent'} <= set(names), names")
    subprocess.run([sys.executable, "-c", code], check=True)
