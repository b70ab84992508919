"""Real processes for end-to-end tests, all pointed at the test database: the web app (gunicorn,
through the same entry script as production), a Celery worker (optionally with beat, which
sweeps the effect pipeline), a private redis-server that a test may stop and start, an SMTP
server (aiosmtpd) that can keep a client waiting for its greeting, and a second connection to
the test database (another session's transaction, a lock held elsewhere)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from email import message_from_bytes
from pathlib import Path

import psycopg
from django.db import connection, transaction

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
def open_elsewhere(work: Callable[[], object]) -> Iterator[None]:
    """`work` done through Django in a transaction of another database session (a thread, with
    its own connection), kept open (its locks held) while the block runs, committed after it."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            work()
            holding.set()
            release.wait(10)
        connection.close()

    other = threading.Thread(target=hold)
    other.start()
    try:
        assert holding.wait(10)
        yield
    finally:
        release.set()
        other.join()


def second_connection() -> psycopg.Connection:
    """A connection to the test database of its own, outside Django's, in a transaction the
    test opens with its first statement and ends itself (commit, rollback, close)."""
    database = connection.settings_dict
    return psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"],
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        password=database["PASSWORD"] or None,
        autocommit=False,
    )


def waiting_on_lock(table: str) -> bool:
    """Whether some session of the test database waits for a lock in a statement naming
    `table` (a worker stopped where the test holds that table or one of its rows)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE %s",
            [f"%{table}%"],
        )
        return cursor.fetchone()[0] > 0


def wait_until(condition: Callable[[], object], timeout: float, what: str, step: float = 0.2):
    """Poll `condition` until it returns something truthy (returned), or fail saying `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(step)


def settle_effects(timeout: float = 60) -> None:
    """Wait until a live worker applied every urgent effect (catalog, notifications, e-mails):
    call before removing committed test data, so no effect in flight writes it back."""
    from pipeline.effects import EFFECTS
    from pipeline.models import PendingEffect

    urgent = [name for name, effect in EFFECTS.items() if effect.urgent]
    wait_until(
        lambda: not PendingEffect.objects.filter(effect__in=urgent).exists(),
        timeout,
        "the live worker to apply the urgent effects",
    )


@contextlib.contextmanager
def web_server(**extra: str) -> Iterator[int]:
    port = free_port()
    env = app_env(BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1", WEB_THREADS="4", **extra)
    with running([str(ROOT / "deploy" / "entrypoint.sh"), "web"], env) as process:
        try:
            wait_for_http(f"http://127.0.0.1:{port}/healthz", "localhost")
        except Exception:
            process.terminate()
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"web server did not start:\n{output[-3000:]}") from None
        yield port


def worker_command(queue: str, *, concurrency: int = 1) -> list[str]:
    """A prefork worker (so a pool child can be killed while the parent lives on)."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "lumbung",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        str(concurrency),
        "-Q",
        queue,
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "warning",
    ]


@contextlib.contextmanager
def celery_worker(queue: str, *, concurrency: int = 1, **extra: str) -> Iterator[subprocess.Popen]:
    """A real worker on its own queue."""
    env = app_env(CELERY_QUEUE=queue, PIPELINE_SWEEP_SECONDS="1", **extra)
    with running(worker_command(queue, concurrency=concurrency), env) as process:
        yield process


@contextlib.contextmanager
def celery_beat(queue: str, **extra: str) -> Iterator[subprocess.Popen]:
    """Beat sending the pipeline's sweep to `queue` every second."""
    schedule = Path(tempfile.mkdtemp(prefix="lumbung-beat-")) / "schedule"
    env = app_env(CELERY_QUEUE=queue, PIPELINE_SWEEP_SECONDS="1", **extra)
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "lumbung",
        "beat",
        "--schedule",
        str(schedule),
        "--loglevel",
        "warning",
    ]
    try:
        with running(command, env) as process:
            yield process
    finally:
        shutil.rmtree(schedule.parent, ignore_errors=True)


def pool_children(worker: subprocess.Popen) -> list[int]:
    """The pids of a prefork worker's pool processes."""
    children: list[int] = []
    with contextlib.suppress(FileNotFoundError):
        for task in Path(f"/proc/{worker.pid}/task").iterdir():
            children += [int(pid) for pid in (task / "children").read_text().split()]
    return children


def kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


class PrivateRedis:
    """A redis-server of the test's own on a spare port, keeping nothing on disk: stopping it
    loses every key and queued message, as a crashed Redis without persistence would."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is not installed"
        self.process = subprocess.Popen(
            [
                server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, 10, "the private redis-server to answer")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False


@contextlib.contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


class SmtpStub:
    """A real SMTP server (aiosmtpd) on loopback that records every message it accepted, and
    keeps the first `slow_greetings` clients waiting `greeting_delay` seconds before it says
    hello — long enough to kill the worker that is sending."""

    def __init__(self, *, slow_greetings: int = 0, greeting_delay: float = 0.0) -> None:
        self.port = free_port()
        self.messages: list = []
        self.connections = 0
        self.slow_greetings = slow_greetings
        self.greeting_delay = greeting_delay
        self._armed = False  # aiosmtpd connects once itself while starting: not a client
        self._controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import SMTP

        stub = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                stub.messages.append(message_from_bytes(envelope.content))
                return "250 OK"

        class SlowGreetingSMTP(SMTP):
            async def _handle_client(self):
                if stub._armed:
                    stub.connections += 1
                    if stub.connections <= stub.slow_greetings:
                        await asyncio.sleep(stub.greeting_delay)
                await super()._handle_client()

        class StubController(Controller):
            def factory(self):
                return SlowGreetingSMTP(self.handler, **self.SMTP_kwargs)

        self._controller = StubController(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        self._armed = True

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]

    def env(self) -> dict[str, str]:
        """Settings that send a process's mail here."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
            "EMAIL_TIMEOUT": "60",
        }


@contextlib.contextmanager
def smtp_stub(**options: float) -> Iterator[SmtpStub]:
    stub = SmtpStub(**options)
    stub.start()
    try:
        yield stub
    finally:
        stub.stop()
