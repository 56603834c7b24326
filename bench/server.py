"""Start the platform under gunicorn for the page workload: two workers on a free loopback port, DEBUG off,
``bench.settings`` (the platform plus the baseline URL). Only the process started here is ever stopped."""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time

from .machine import REPO
from .urls import BASELINE_PATH

HOST = "127.0.0.1"
WORKERS = 2
THREADS = 4


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(extra: dict | None = None) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "0", "ALLOWED_HOSTS": HOST,
           "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "ERROR"}
    env.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    env.update(extra or {})
    return env


def _ready(port: int) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        conn.request("GET", BASELINE_PATH)
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def gunicorn_available() -> bool:
    return importlib.util.find_spec("gunicorn") is not None


@contextlib.contextmanager
def gunicorn(*, workers: int = WORKERS, threads: int = THREADS, timeout: float = 90.0):
    """Yield ``(host, port)`` of a running gunicorn (gthread workers, keep-alive on); stop it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", str(workers),
               "--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "30",
               "--log-level", "warning", "--graceful-timeout", "5", "gongkai.wsgi:application"]
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = subprocess.Popen(command, cwd=REPO, env=server_env(), stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while not _ready(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"gunicorn did not start (exit {proc.poll()}):\n{log.read()[-3000:]}")
                time.sleep(0.2)
            yield HOST, port
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
