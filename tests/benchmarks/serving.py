"""Serving for benchmarks: gunicorn on a free loopback port, and wrk against it."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

import requests  # noqa: F401 (bench modules use serving.requests)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app_spec: str, port: int, workers: int, env: dict | None = None,
                   ready_path: str = "/", config: str | None = None) -> subprocess.Popen:
    """``config``: a gunicorn settings module (``python:service.gunicorn_conf``, the product's)."""
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", *(("-c", config) if config else ()),
                             "-w", str(workers), "-b", f"127.0.0.1:{port}",
                             "--timeout", "120", "--log-level", "warning", app_spec],
                            env={**os.environ, **(env or {})}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}{ready_path}", timeout=2).status_code < 500:
                return proc
        except requests.RequestException:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError("gunicorn did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def server_cpu(proc: subprocess.Popen) -> float:
    """Seconds of CPU (user and system) spent so far by the server's processes: gunicorn's
    master and its workers, the session ``start_gunicorn`` opened. Beside a count of requests
    it gives the CPU a request costs, whatever else the machine runs."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == proc.pid:  # the process group: the session's leader
            total += int(fields[11]) + int(fields[12])
    return total / tick


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def wrk(url: str, headers: dict, seconds: int = 10, threads: int = 2, connections: int = 16) -> tuple[float, str]:
    """Requests per second and wrk's mean latency (Debian: apt-get install wrk)."""
    rps, latency, _ = wrk_counted(url, headers, seconds, threads, connections)
    return rps, latency


def wrk_counted(url: str, headers: dict, seconds: int = 10, threads: int = 2,
                connections: int = 16) -> tuple[float, str, int]:
    """``wrk``'s figures and the number of requests it made."""
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = re.search(r"Latency\s+(\S+)", out).group(1)
    return rps, latency, int(re.search(r"(\d+) requests in", out).group(1))
