"""The links' tokens are itsdangerous' own, byte for byte (service.links signs through OpenSSL's
SHA-1 with its derived key kept): links already sent still open, new ones open anywhere."""
from datetime import datetime, timezone
from unittest import mock

from itsdangerous import URLSafeTimedSerializer

from service.links import Links

ISSUED = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)


def test_tokens_are_the_standard_serializers_both_ways():
    links = Links("http://x.example/", "s3cret")
    standard = {salt: URLSafeTimedSerializer("s3cret", salt=f"dondoc-{salt}")
                for salt in ("task", "unsubscribe")}
    with mock.patch("time.time", return_value=ISSUED.timestamp() + 0.5):
        task = links.task("t1", "fp1", issued_at=ISSUED).rsplit("/", 1)[1]
        stop = links.unsubscribe("fp1", "email").rsplit("/", 1)[1]
        assert task == standard["task"].dumps({"t": "t1", "p": "fp1",
                                               "i": int(ISSUED.timestamp())})
        assert stop == standard["unsubscribe"].dumps({"p": "fp1", "c": "email"})
        long = standard["task"].dumps({"t": "t" * 400, "p": "fp1"})  # compressed
        assert links.read_task(long) == ("t" * 400, "fp1")
        assert links.read_unsubscribe(stop) == ("fp1", "email")
        assert links.read_task_link(task).issued_at == ISSUED
        assert Links("http://x.example/", "other").read_unsubscribe(stop) is None
