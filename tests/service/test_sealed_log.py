"""The sealer (eventlog.sealer) and migration 0019: a log chained by appends before carries
over, the sealer is idempotent, two sealers never seal a row twice, and rows appended but not
sealed yet are counted by verify, not taken for tampering."""
import threading

from sqlalchemy import insert, select

from service import migrate
from service.eventlog.hashing import GENESIS, KEYED, keyed_hash
from service.eventlog.head import read_head, write_head
from service.eventlog.sealer import seal, seal_log
from service.eventlog.store import EventStore, Meta
from service.eventlog.tables import events
from tests.conftest import LOG_KEY

from .sample_events import SampleCounted
from .test_verify import NOW, verify

KEY = LOG_KEY.encode()


def append(engine, stream, expected, n=1):
    with engine.begin() as conn:
        EventStore(conn, LOG_KEY).append(stream, expected, [SampleCounted(i) for i in range(n)],
                                         Meta(actor="a"), NOW)


def seqs(engine):
    with engine.connect() as conn:
        return [s for (s,) in conn.execute(select(events.c.seq).order_by(events.c.position))]


def test_a_log_chained_before_the_sealer_carries_over(bare_engine):
    """Rows keyed and chained by position under revision 0018, and their signed head, verify
    after the upgrade as they were written; new rows are sealed on after them."""
    migrate.upgrade(bare_engine, "0018")
    prev = GENESIS
    with bare_engine.begin() as conn:
        for position in range(1, 6):
            data, meta = {"by": position}, {"actor": "a"}
            h = keyed_hash(KEY, prev, position, "old", position, "SampleCounted", data, meta, NOW)
            conn.execute(insert(events).values(
                position=position, stream_id="old", version=position, type="SampleCounted",
                data=data, meta=meta, recorded_at=NOW, prev_hash=prev, hash=h, chain=KEYED))
            prev = h
        write_head(conn, KEY, 5, prev)
    migrate.upgrade(bare_engine)
    report = verify(bare_engine)
    assert report.ok and report.checked == 5 and not report.unsealed
    append(bare_engine, "old", 5, n=2)
    postgres = bare_engine.dialect.name == "postgresql"
    report = verify(bare_engine)
    assert report.ok and report.checked == (5 if postgres else 7)
    assert report.unsealed == (2 if postgres else 0)  # appended, waiting for the sealer
    seal_log(bare_engine, LOG_KEY, final=True)
    report = verify(bare_engine)
    assert report.ok and report.checked == 7 and not report.unsealed
    assert seqs(bare_engine) == [1, 2, 3, 4, 5, 6, 7]


def test_sealing_again_changes_nothing(engine):
    for i in range(4):
        append(engine, f"s{i}", 0, n=2)
    seal_log(engine, LOG_KEY, final=True)
    with engine.connect() as conn:
        head, rows = read_head(conn), conn.execute(select(events).order_by(events.c.seq)).all()
    assert seal_log(engine, LOG_KEY, final=True) == 0
    assert seal_log(engine, LOG_KEY) == 0
    with engine.connect() as conn:
        assert read_head(conn) == head
        assert conn.execute(select(events).order_by(events.c.seq)).all() == rows
    assert head.position == 8 and verify(engine).ok


def test_two_sealers_at_once_seal_each_row_once(engine):
    """The second waits for the first (PostgreSQL: an advisory lock), then finds nothing left."""
    for i in range(40):
        append(engine, f"s{i % 5}", i // 5)
    if engine.dialect.name != "postgresql":
        assert seqs(engine) == list(range(1, 41))  # SQLite's writer sealed its own rows
        return
    first_has_sealed, counts = threading.Event(), []
    may_commit = threading.Event()

    def first():
        with engine.begin() as conn:
            counts.append(seal(conn, LOG_KEY, final=True))
            first_has_sealed.set()
            may_commit.wait(10)

    def second():
        first_has_sealed.wait(10)
        counts.append(seal_log(engine, LOG_KEY, final=True))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_has_sealed.wait(10)
    threads[1].join(1)
    assert threads[1].is_alive()  # waiting for the first sealer's lock
    may_commit.set()
    for t in threads:
        t.join(30)
    assert counts == [40, 0]
    assert seqs(engine) == list(range(1, 41)) and verify(engine).ok
