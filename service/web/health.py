"""GET /health: is the database reachable and migrated?"""
from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from service.db import read_only
from service.eventlog.store import EventStore
from service.migrate import current_revision

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    dd = current_app.extensions["dondoc"]
    try:
        with read_only(dd.engine) as conn:
            position = EventStore(conn).last_position()
        revision = current_revision(dd.engine)
    except SQLAlchemyError as exc:
        current_app.logger.warning("health check failed: %s", exc)
        return jsonify(status="error", database="unreachable or not migrated",
                       detail=str(exc.__class__.__name__)), 503
    return jsonify(status="ok", database="ok", schema_revision=revision, log_position=position)
