"""JSON POSTs over one kept HTTP/1.1 connection per thread and host, inside a session.

``KeptHttp.post`` outside ``session()`` is ``post_json`` (urllib, a connection per request).
Inside, the connection stays open for the next request (keep-alive), unless the server says it
closes it. A kept connection the server closed while it was idle (its keep-alive timeout) is
found when the request goes: that request goes once more on a new connection, as HTTP clients
do for a request the server never read. Answers are judged as post_json judges them; a redirect
is left to post_json, which follows it as urllib does.
"""
from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from urllib.parse import urlsplit

from notifications.errors import TransportError
from notifications.http_json import (JsonResponse, _excerpt, _parse, post_json,
                                     refused_with)

_GONE = (http.client.RemoteDisconnected, http.client.CannotSendRequest, BrokenPipeError,
         ConnectionResetError, ConnectionAbortedError)


class KeptHttp:
    def __init__(self) -> None:
        self._local = threading.local()

    def _state(self):
        local = self._local
        if not hasattr(local, "depth"):
            local.depth, local.conns = 0, {}
        return local

    @contextlib.contextmanager
    def session(self):
        local = self._state()
        local.depth += 1
        try:
            yield self
        finally:
            local.depth -= 1
            if not local.depth:
                for conn in local.conns.values():
                    conn.close()
                local.conns.clear()

    def post(self, url: str, payload: dict, timeout: float,
             headers: dict[str, str] | None = None) -> JsonResponse:
        local = self._state()
        if not local.depth:
            return post_json(url, payload, timeout, headers)
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        sent_headers = {"Content-Type": "application/json; charset=utf-8",
                        "Accept": "application/json", "User-Agent": "dondoc-notifications",
                        **(headers or {})}
        may_retry = key in local.conns
        while True:
            conn = local.conns.pop(key, None) or _connect(parts, timeout)
            try:
                conn.request("POST", path, body=data, headers=sent_headers)
                response = conn.getresponse()
                raw = response.read()
            except _GONE as error:
                conn.close()
                if may_retry:
                    may_retry = False
                    continue
                raise TransportError(f"connection to {url} failed: {error!r}") from error
            except (socket.timeout, TimeoutError) as error:
                conn.close()
                raise TransportError(f"no answer from {url} within {timeout}s") from error
            except (http.client.HTTPException, OSError) as error:
                conn.close()
                raise TransportError(f"cannot reach {url}: {error!r}") from error
            if response.will_close:
                conn.close()
            else:
                local.conns[key] = conn
            break
        if 300 <= response.status < 400:
            return post_json(url, payload, timeout, headers)
        if response.status >= 400:
            raise refused_with(url, response.status, raw)
        return JsonResponse(response.status, _parse(raw), _excerpt(raw))


def _connect(parts, timeout: float) -> http.client.HTTPConnection:
    if parts.scheme == "https":
        return http.client.HTTPSConnection(parts.netloc, timeout=timeout)
    return http.client.HTTPConnection(parts.netloc, timeout=timeout)
