"""POST a JSON body with urllib and turn every way it can fail into a TransportError."""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from notifications.errors import TransportError

# 408 and 429 are the client's fault only in timing: waiting and trying again works.
_RETRYABLE_4XX = {408, 425, 429}


@dataclass(frozen=True)
class JsonResponse:
    status: int
    body: Any  # the parsed JSON, or None if the body was not JSON
    text: str


def _excerpt(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace").strip()
    return text if len(text) <= 200 else text[:200] + "..."


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def refused_with(url: str, status: int, raw: bytes) -> TransportError:
    """A 4xx or 5xx answer: permanent for 4xx but 408/425/429, transient for 5xx."""
    permanent = 400 <= status < 500 and status not in _RETRYABLE_4XX
    return TransportError(f"HTTP {status} from {url}: {_excerpt(raw)}", permanent=permanent)


def post_json(url: str, payload: dict, timeout: float,
              headers: dict[str, str] | None = None) -> JsonResponse:
    """POST ``payload``; return a 2xx answer, raise TransportError for anything else.

    5xx, timeouts and connection failures are transient; 4xx (other than 408/425/429)
    is permanent: the same request will be refused the same way.
    """
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "application/json",
        "User-Agent": "dondoc-notifications",
        **(headers or {}),
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return JsonResponse(response.status, _parse(raw), _excerpt(raw))
    except urllib.error.HTTPError as error:
        raise refused_with(url, error.code, error.read() or b"") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            raise TransportError(f"timed out connecting to {url}") from error
        raise TransportError(f"cannot reach {url}: {error.reason}") from error
    except (socket.timeout, TimeoutError) as error:
        raise TransportError(f"no answer from {url} within {timeout}s") from error
    except (http.client.HTTPException, OSError) as error:
        raise TransportError(f"connection to {url} failed: {error!r}") from error
