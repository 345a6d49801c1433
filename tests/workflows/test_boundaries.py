"""workflows/ is the pure domain: it imports nothing of service, notifications, the database
or the web, and importing it does nothing (no socket, no clock read at import time)."""
import subprocess
import sys
from pathlib import Path

import workflows
from tests.notifications.test_boundaries import imported_modules

PACKAGE = Path(workflows.__file__).parent
FORBIDDEN = {"service", "notifications", "sqlalchemy", "flask", "flask_login", "werkzeug",
             "marshmallow", "apscheduler", "alembic", "psycopg", "psycopg2", "smtplib"}


def test_no_imports_of_service_notifications_database_or_web():
    offending = [(path.relative_to(PACKAGE.parent), name) for path in PACKAGE.rglob("*.py")
                 for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN]
    assert offending == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from service.db import make_engine\n    import sqlalchemy\n")
    assert {"service.db", "sqlalchemy"} <= imported_modules(sample)


def test_importing_every_module_loads_none_of_them():
    script = (
        "import importlib, pkgutil, sys, socket\n"
        "def refuse(*a, **k): raise SystemExit('socket opened at import time')\n"
        "socket.socket.connect = refuse\n"
        "import workflows\n"
        "for m in pkgutil.walk_packages(workflows.__path__, 'workflows.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {sorted(FORBIDDEN)!r})\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
