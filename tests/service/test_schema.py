"""The schema the migrations build equals the one the models declare."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from service.schema import metadata


def test_migrations_match_models(engine):
    def declared_here(obj, name, type_, reflected, compare_to):
        """Not an index the models declare for another database only (``Index.ddl_if``)."""
        only = getattr(obj, "_ddl_if", None)
        return reflected or only is None or only.dialect in (None, engine.dialect.name)

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": declared_here})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_health_reports_the_database(client):
    res = client.get("/health")
    assert res.status_code == 200
    assert res.json["database"] == "ok"
    assert res.json["schema_revision"]


def test_health_says_503_when_the_database_is_gone(tmp_path):
    from service.app import create_app

    app = create_app({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
                      "INSTANCE_PATH": str(tmp_path)})
    res = app.test_client().get("/health")
    assert res.status_code == 503
    assert res.json["status"] == "error"
