"""The database, the secret key, uploads and the message log are the owner's alone."""
import os
import stat
from pathlib import Path

from service import migrate
from service.app import create_app
from service.outbox.transports import OutboxFileTransport
from notifications.message import OutgoingEmail


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_instance_is_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("DONDOC_DATABASE_URL", raising=False)
    monkeypatch.delenv("DONDOC_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    old = os.umask(0o022)  # the usual umask: files would be 0644 unless made otherwise
    try:
        app = create_app({"INSTANCE_PATH": str(instance)})
        migrate.upgrade(app.extensions["dondoc"].engine)
    finally:
        os.umask(old)
    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600
    database = instance / "dondoc.sqlite3"
    assert mode(database) == 0o600
    for journal in (instance / "dondoc.sqlite3-wal", instance / "dondoc.sqlite3-shm"):
        assert not journal.exists() or mode(journal) == 0o600


def test_an_existing_world_readable_database_is_narrowed(tmp_path):
    from service.db import make_engine

    path = tmp_path / "old.sqlite3"
    path.write_bytes(b"")
    path.chmod(0o644)
    make_engine(f"sqlite:///{path}")
    assert mode(path) == 0o600


def test_the_message_log_is_owner_only(tmp_path):
    log = tmp_path / "outbox-messages.log"
    OutboxFileTransport(log).send(OutgoingEmail(to="a@soyte.gov.vn", subject="s", text="t"))
    assert mode(log) == 0o600


def test_an_uploaded_file_is_owner_only(app):
    from service.web.uploads import Checked, store, stored_path

    with app.test_request_context():
        attachment = store(Checked(name="bao-cao.pdf", data=b"%PDF-1.4 x", content_type="application/pdf"))
        path = stored_path(attachment.storage_key)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
