"""The Flask application factory."""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from service.api.json_provider import OrjsonProvider
from service.bootstrap import bootstrap
from service.config import Settings
from service.private_files import private_dir, write_new


class DondocFlask(Flask):
    """Flask, asking once per function whether it is a coroutine function: Flask asks again for
    every hook, handler and view of every request (inspect's checks, 1.3 µs each; ten a request).
    A function's kind never changes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._synchronous: dict = {}

    def ensure_sync(self, func):
        try:
            found = self._synchronous.get(func)
        except TypeError:  # a callable object that cannot be a key
            return super().ensure_sync(func)
        if found is None:
            found = super().ensure_sync(func)
            if len(self._synchronous) < 10_000:  # hooks, handlers, views: a few hundred
                self._synchronous[func] = found
        return found


def create_app(test_config: dict | None = None) -> Flask:
    app = DondocFlask(__name__, instance_relative_config=True)
    app.json = OrjsonProvider(app)
    test_config = test_config or {}
    instance = Path(test_config.get("INSTANCE_PATH", app.instance_path))
    private_dir(instance)  # the database, the secret key, uploads and the message log
    settings = Settings.from_env(instance)
    if "DATABASE_URL" in test_config:
        settings.database_url = test_config["DATABASE_URL"]
    settings.secret_key = settings.secret_key or _instance_secret(instance)
    app.config.update(SECRET_KEY=settings.secret_key)
    app.config.update({k: v for k, v in test_config.items() if k.isupper()})
    settings.secret_key = app.config["SECRET_KEY"]  # links in messages are signed with it too
    app.extensions["dondoc"] = bootstrap(
        settings, clock=test_config.get("CLOCK"), engine=test_config.get("ENGINE")
    )
    _register_parts(app)
    return app


def _register_parts(app: Flask) -> None:
    from service.api import bp as api_bp
    from service.web import init_web
    from service.web.health import bp as health_bp

    app.register_blueprint(health_bp)
    init_web(app)  # the web pages: sign-in, CSRF (not on /api/), tasks, dashboards, admin
    app.register_blueprint(api_bp)  # the JSON API under /api/v1, bearer tokens


def _instance_secret(instance: Path) -> str:
    """The embedded default keeps a random secret in the instance folder across restarts."""
    path = instance / "secret_key"
    if not path.exists():
        write_new(path, secrets.token_urlsafe(48).encode())  # owner-only from its first byte
    return path.read_text().strip()


def dondoc(app: Flask):
    return app.extensions["dondoc"]
