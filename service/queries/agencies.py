"""The agency registry: shared reference data every signed-in person may read (a focal point
must be able to name the agency a task goes to)."""
from __future__ import annotations

from sqlalchemy import select

from service.projections.agencies import agencies


def list_agencies(conn, level: str | None = None) -> list:
    stmt = select(agencies).order_by(agencies.c.name, agencies.c.agency_id)
    if level is not None:
        stmt = stmt.where(agencies.c.level == level)
    return conn.execute(stmt).all()


def get_agency(conn, agency_id: str):
    return conn.execute(select(agencies).where(agencies.c.agency_id == agency_id)).first()


def agency_names(conn, ids) -> dict[str, str]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = conn.execute(select(agencies.c.agency_id, agencies.c.name)
                        .where(agencies.c.agency_id.in_(ids))).all()
    return dict(rows)
