"""Real processes for end-to-end tests: the web app (gunicorn, through the same entry script as
production) and a Celery worker, both pointed at the test database."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="lumbung.settings",
        DJANGO_ENV="test",
        DATABASE_NAME=connection.settings_dict["NAME"],
        **extra,
    )
    return env


def wait_for_http(url: str, host: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310 - loopback http
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def web_server() -> Iterator[int]:
    port = free_port()
    env = app_env(BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1", WEB_THREADS="4")
    with running([str(ROOT / "deploy" / "entrypoint.sh"), "web"], env) as process:
        try:
            wait_for_http(f"http://127.0.0.1:{port}/healthz", "localhost")
        except Exception:
            process.terminate()
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"web server did not start:\n{output[-3000:]}") from None
        yield port


@contextlib.contextmanager
def celery_worker(queue: str) -> Iterator[subprocess.Popen]:
    env = app_env(CELERY_QUEUE=queue)
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "lumbung",
        "worker",
        "--pool",
        "solo",
        "-Q",
        queue,
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "warning",
    ]
    with running(command, env) as process:
        yield process
