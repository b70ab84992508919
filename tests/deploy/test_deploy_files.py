"""The deployment files agree with each other and with the code: deploy/Dockerfile,
deploy/compose.yaml, deploy/.env.example, deploy/OPERATIONS.md, deploy/healthcheck.py,
deploy/entrypoint.sh, scripts/dev.py and lumbung/settings.py. No database and no Docker engine:
files are parsed, and the parts that can run outside a container (entrypoint dispatch, the
collectstatic build step, the health check) are run."""

from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
import subprocess
import sys
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ENTRYPOINT = DEPLOY / "entrypoint.sh"
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / ".env.example"
OPERATIONS = DEPLOY / "OPERATIONS.md"
HEALTHCHECK = DEPLOY / "healthcheck.py"
SETTINGS = ROOT / "platform" / "lumbung" / "settings.py"
DEV_SCRIPT = ROOT / "scripts" / "dev.py"

APP_SERVICES = ("migrate", "web", "worker", "beat")
# What `entrypoint.sh <command>` must end up running (seen with PYTHON=echo).
ENTRYPOINT_PROGRAMS = {
    "web": "-m gunicorn lumbung.wsgi:application",
    "worker": "-m celery -A lumbung worker",
    "beat": "-m celery -A lumbung beat",
    "migrate": "manage.py migrate_schemas --noinput",
}
VAR_NAME = r"[A-Z][A-Z0-9_]*"


# --- Parsing helpers -----------------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def dockerfile_stages() -> list[dict]:
    """[{'name': str | None, 'from': str, 'instructions': [(KEYWORD, args)]}] in file order,
    with line continuations joined and comments dropped, as Docker reads the file."""
    stages: list[dict] = []
    args: dict[str, str] = {}
    pending = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and not pending):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, rest = (pending + stripped).partition(" ")
        pending = ""
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "ARG" and not stages:
            name, _, default = rest.partition("=")
            args[name] = default
        elif keyword == "FROM":
            image, _, name = re.sub(r"\s+as\s+", " AS ", rest, flags=re.I).partition(" AS ")
            image = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), image.strip())
            stages.append({"name": name.strip() or None, "from": image, "instructions": []})
        else:
            stages[-1]["instructions"].append((keyword, rest))
    return stages


def final_stage() -> dict:
    return dockerfile_stages()[-1]


def instructions(stage: dict, keyword: str) -> list[str]:
    return [rest for kw, rest in stage["instructions"] if kw == keyword]


def stage_env(stage: dict) -> dict[str, str]:
    env: dict[str, str] = {}
    for rest in instructions(stage, "ENV"):
        for token in shlex.split(rest):
            name, _, value = token.partition("=")
            env[name] = value
    return env


def run_step(stage: dict, marker: str) -> str:
    """The shell command (one `&&` segment) of the RUN instruction that mentions `marker`."""
    for rest in instructions(stage, "RUN"):
        for segment in rest.split("&&"):
            if marker in segment:
                return segment.strip()
    raise AssertionError(f"no RUN step with {marker!r} in the Dockerfile")


def env_example_names() -> dict[str, str]:
    """Every NAME=value in .env.example, active or commented out (`# NAME=value`)."""
    names = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(rf"^#?\s*({VAR_NAME})=(.*)$", line)
        if match:
            names[match.group(1)] = match.group(2)
    return names


def active_env_example() -> dict[str, str]:
    return dict(
        line.split("=", 1)
        for line in ENV_EXAMPLE.read_text().splitlines()
        if re.match(rf"^{VAR_NAME}=", line)
    )


def settings_variables() -> dict[str, str]:
    """{NAME: reader} for every env_str/env_bool/env_int/env_list("NAME") in settings.py."""
    text = SETTINGS.read_text()
    return {
        name: reader
        for reader, name in re.findall(rf'\benv_(str|bool|int|list)\(\s*"({VAR_NAME})"', text)
    }


def shell_variables(text: str) -> set[str]:
    """${NAME...} references in a shell script or compose file (not compose's $$ escapes)."""
    return set(re.findall(rf"(?<!\$)\$\{{({VAR_NAME})", text))


def healthcheck_command() -> list[str]:
    (rest,) = instructions(final_stage(), "HEALTHCHECK")
    _options, _, command = rest.partition("CMD ")
    return json.loads(command)


# --- compose.yaml ----------------------------------------------------------------------------


def test_compose_declares_the_six_services():
    assert set(compose()["services"]) == {"postgres", "redis", *APP_SERVICES}


def test_app_services_share_one_image_built_from_the_dockerfile():
    services = compose()["services"]
    images = {
        json.dumps([services[s].get("image"), services[s].get("build")]) for s in APP_SERVICES
    }
    assert len(images) == 1, f"app services differ in image/build: {images}"
    build = services["web"]["build"]
    assert (DEPLOY / build["context"]).resolve() == ROOT
    assert (ROOT / build["dockerfile"]).resolve() == DOCKERFILE
    assert services["web"]["image"]
    for name in APP_SERVICES:
        assert "entrypoint" not in services[name], f"{name} bypasses deploy/entrypoint.sh"


def test_app_services_run_the_entrypoint_commands():
    services = compose()["services"]
    entrypoint_cases = set(re.findall(r"^\s+([a-z]+)\)\s*$", ENTRYPOINT.read_text(), re.M))
    for name in APP_SERVICES:
        assert services[name]["command"] == [name]
        assert name in entrypoint_cases


def test_app_services_share_one_environment():
    services = compose()["services"]
    environments = {
        json.dumps([services[s].get("env_file"), services[s].get("environment")], sort_keys=True)
        for s in APP_SERVICES
    }
    assert len(environments) == 1
    environment = services["web"]["environment"]
    assert environment["DJANGO_ENV"] == "production"
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    assert services["web"]["env_file"] == ".env"


def test_start_order_waits_for_healthy_servers_and_a_finished_migrate():
    services = compose()["services"]
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "redis-cli ping" in " ".join(services["redis"]["healthcheck"]["test"])
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["redis"]["condition"] == "service_healthy", name


def test_web_publishes_the_port_gunicorn_binds_and_the_image_exposes():
    web = compose()["services"]["web"]
    targets = {str(port).rsplit(":", 1)[-1] for port in web["ports"]}
    bind = entrypoint_output("web").split("--bind ", 1)[1].split()[0]
    (exposed,) = instructions(final_stage(), "EXPOSE")
    assert targets == {bind.rsplit(":", 1)[1]} == {exposed}


def test_only_web_uses_the_http_healthcheck():
    services = compose()["services"]
    assert "healthcheck" not in services["web"]  # inherits the image's HEALTHCHECK
    assert services["migrate"]["healthcheck"] == {"disable": True}
    assert services["beat"]["healthcheck"] == {"disable": True}
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])


# --- entrypoint.sh ---------------------------------------------------------------------------


def entrypoint_output(*args: str) -> str:
    result = subprocess.run(
        [str(ENTRYPOINT), *args],
        env={"PATH": "/usr/bin:/bin", "PYTHON": "echo"},
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_entrypoint_is_valid_bash():
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    result = subprocess.run(["bash", "-n", str(ENTRYPOINT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", APP_SERVICES)
def test_entrypoint_dispatches_each_compose_command(command):
    assert ENTRYPOINT_PROGRAMS[command] in entrypoint_output(command)


def test_entrypoint_refuses_an_unknown_command():
    result = subprocess.run(
        [str(ENTRYPOINT), "wrker"],
        env={"PATH": "/usr/bin:/bin", "PYTHON": "echo"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "usage" in result.stderr


# --- Dockerfile --------------------------------------------------------------------------------


def test_dockerfile_runs_the_entrypoint_with_web_by_default():
    stage = final_stage()
    (entrypoint,) = instructions(stage, "ENTRYPOINT")
    (cmd,) = instructions(stage, "CMD")
    assert json.loads(entrypoint) == ["/app/deploy/entrypoint.sh"]
    assert json.loads(cmd) == ["web"]
    workdir = instructions(stage, "WORKDIR")[-1]
    copies = [shlex.split(rest) for rest in instructions(stage, "COPY")]
    assert [".", workdir] in copies, "the repository must be copied to the WORKDIR"
    assert workdir == "/app"


def test_dockerfile_switches_to_the_non_root_user_it_creates():
    stage = final_stage()
    users = instructions(stage, "USER")
    assert users, "the image must not run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    created = re.search(r"useradd\b[^&]*--uid (\d+)[^&]*?(\w+)\s*$", run_step(stage, "useradd"))
    assert created is not None
    assert user in {created.group(1), created.group(2)}
    # ENTRYPOINT, CMD and HEALTHCHECK come after USER, so every process runs as that user.
    keywords = [kw for kw, _ in stage["instructions"]]
    assert keywords.index("USER") < keywords.index("ENTRYPOINT")


def test_dockerfile_base_image_is_python_311_slim():
    assert {stage["from"] for stage in dockerfile_stages()} == {"python:3.11-slim"}


def test_image_python_is_the_virtualenv_holding_the_dependencies():
    """entrypoint.sh runs $PYTHON, else /app/.venv/bin/python, else `python` from PATH."""
    stages = dockerfile_stages()
    venv = re.search(r"python -m venv (\S+)", " ".join(instructions(stages[0], "RUN"))).group(1)
    assert f"{venv}/bin" in stage_env(stages[0])["PATH"].split(":")[0]
    assert "pip install" in run_step(stages[0], "pip install")
    final = stages[-1]
    env = stage_env(final)
    assert env["PYTHON"] == f"{venv}/bin/python"
    assert env["PATH"].split(":")[0] == f"{venv}/bin"
    copies = [shlex.split(rest) for rest in instructions(final, "COPY")]
    assert [f"--from={stages[0]['name']}", venv, venv] in copies
    assert env["PYTHONPATH"] == "/app/platform:/app"


def test_image_installs_exactly_the_runtime_dependencies(tmp_path):
    """Runs the Dockerfile's own requirements step against pyproject.toml."""
    step = shlex.split(run_step(dockerfile_stages()[0], "tomllib"))
    code = step[step.index("-c") + 1]
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True)
    requirements = (tmp_path / "requirements.txt").read_text().split()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert requirements == project["dependencies"]
    extras = {r for group in project["optional-dependencies"].values() for r in group}
    assert not extras & set(requirements)


def test_build_time_collectstatic_produces_the_production_manifest(tmp_path):
    """The Dockerfile's collectstatic step, run with its own build-time environment: production
    settings must accept the dummy values, and the manifest whitenoise serves must appear."""
    step = shlex.split(run_step(final_stage(), "collectstatic"))
    assignments = {}
    while "=" in step[0] and re.match(rf"^{VAR_NAME}=", step[0]):
        name, _, value = step.pop(0).partition("=")
        assignments[name] = value
    assert assignments["DJANGO_ENV"] == "production"
    assert step[:3] == ["python", "manage.py", "collectstatic"]
    static_root = tmp_path / "static"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}",
        "LUMBUNG_DATA_DIR": str(tmp_path / "data"),
        **assignments,
        "STATIC_ROOT": str(static_root),
    }
    result = subprocess.run(
        [sys.executable, *step[1:]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (static_root / "staticfiles.json").is_file()
    image_static_root = stage_env(final_stage())["STATIC_ROOT"]
    assert f"test -f {image_static_root}/staticfiles.json" in " ".join(
        instructions(final_stage(), "RUN")
    )


def test_build_context_keeps_local_state_and_secrets_out():
    # One root .dockerignore serves both the classic builder and BuildKit.
    ignore = ROOT / ".dockerignore"
    assert not DOCKERFILE.with_name(DOCKERFILE.name + ".dockerignore").exists()
    patterns = {
        line.strip()
        for line in ignore.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", ".data", ".git", "**/.env"} <= patterns


# --- Health check ----------------------------------------------------------------------------


def test_healthcheck_instruction_runs_the_healthcheck_script():
    command = healthcheck_command()
    assert command[0] == "python"
    assert Path(command[1]) == Path("/app") / HEALTHCHECK.relative_to(ROOT)


def test_healthz_is_a_route_of_the_public_site():
    from django.urls import resolve

    assert resolve("/healthz", urlconf="lumbung.urls_public").url_name == "healthz"


class _FakeApp(BaseHTTPRequestHandler):
    answer: tuple[int, dict[str, str], bytes] = (200, {}, b"")
    seen: list[tuple[str, str | None]] = []

    def do_GET(self):
        type(self).seen.append((self.path, self.headers.get("Host")))
        status, headers, body = type(self).answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def run_healthcheck(port: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(HEALTHCHECK)],
        env={"PATH": "/usr/bin:/bin", "BIND": f"0.0.0.0:{port}", "BASE_DOMAIN": "inovasi.test"},
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )


@pytest.mark.parametrize(
    ("status", "headers", "body", "healthy"),
    [
        (200, {}, b'{"status": "ok"}', True),
        (200, {}, b'{"status": "degraded"}', True),
        (503, {}, b'{"status": "down"}', False),
        (204, {}, b"", False),
        (301, {"Location": "/moved"}, b"", False),  # followed, it would be asked again
        (404, {}, b"not found", False),
    ],
)
def test_healthcheck_asks_healthz_on_base_domain(status, headers, body, healthy):
    _FakeApp.answer, _FakeApp.seen = (status, headers, body), []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeApp)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run_healthcheck(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
    assert _FakeApp.seen == [("/healthz", "inovasi.test")]  # no redirect followed
    assert (result.returncode == 0) is healthy, result.stdout


def test_healthcheck_fails_when_nothing_listens():
    with ThreadingHTTPServer(("127.0.0.1", 0), _FakeApp) as server:
        port = server.server_address[1]  # closed again on leaving the block
    assert run_healthcheck(port).returncode == 1


# --- scripts/dev.py --------------------------------------------------------------------------


def _path_parts(node: ast.AST) -> list[str | None]:
    """`ROOT / "deploy" / "entrypoint.sh"` -> [None, "deploy", "entrypoint.sh"]."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _path_parts(node.left) + _path_parts(node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return [None]


def test_dev_script_launches_the_same_entrypoint_for_web_and_worker():
    tree = ast.parse(DEV_SCRIPT.read_text())
    entrypoint_names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and _path_parts(node.value)[-2:] == ["deploy", "entrypoint.sh"]
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert entrypoint_names, "scripts/dev.py does not name deploy/entrypoint.sh"
    launched = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.List) and len(node.elts) == 2:
            program, command = node.elts
            names = {n.id for n in ast.walk(program) if isinstance(n, ast.Name)}
            if names & entrypoint_names and isinstance(command, ast.Constant):
                launched.add(command.value)
    assert {"web", "worker"} <= launched, f"entrypoint.sh launched with {launched} only"


# --- Environment variables ---------------------------------------------------------------------


def test_env_example_names_only_variables_something_reads():
    from_settings = settings_variables()
    known = (
        set(from_settings)
        | {f"{name}_FILE" for name, reader in from_settings.items() if reader == "str"}
        | shell_variables(ENTRYPOINT.read_text())
        | shell_variables(COMPOSE.read_text())  # compose-only, e.g. POSTGRES_PASSWORD
    )
    unknown = set(env_example_names()) - known
    assert not unknown, f".env.example lists variables nothing reads: {sorted(unknown)}"


def test_env_example_leaves_the_required_secrets_empty():
    active = active_env_example()
    for name in ("SECRET_KEY", "POSTGRES_PASSWORD", "BASE_DOMAIN"):
        assert active.get(name) == "", f"{name} must be an empty, uncommented line"
    required_by_compose = set(re.findall(rf"\$\{{({VAR_NAME}):\?", COMPOSE.read_text()))
    assert required_by_compose <= set(active)


def test_env_file_is_git_ignored():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")

    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0

    assert ignored("deploy/.env")
    assert not ignored("deploy/.env.example")


def test_operations_guide_documents_every_variable():
    documented = set(re.findall(rf"`({VAR_NAME})`", OPERATIONS.read_text()))
    expected = (
        set(settings_variables())
        | shell_variables(ENTRYPOINT.read_text())
        | set(env_example_names())
    )
    missing = expected - documented
    assert not missing, f"deploy/OPERATIONS.md does not document {sorted(missing)}"


def test_operations_guide_uses_only_existing_command_options():
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    text = OPERATIONS.read_text()
    code = re.findall(r"```[a-z]*\n(.*?)```", text, re.S) + re.findall(r"`([^`\n]+)`", text)
    checked = set()
    for snippet in code:
        for line in snippet.splitlines():
            match = re.search(r"\bmanage(?:\.py)?\s+([a-z_]+)(.*)", line)
            if not match or match.group(1) not in commands:
                continue
            name, rest = match.groups()
            parser = load_command_class(commands[name], name).create_parser("manage.py", name)
            options = {s for action in parser._actions for s in action.option_strings}
            for flag in re.findall(r"(?<!\S)(-{1,2}[a-z][a-z-]*)", rest.split("#")[0]):
                assert flag in options, f"`{name} {flag}` in OPERATIONS.md: no such option"
            checked.add(name)
    assert {"migrate_schemas", "activate_regions", "add_region_domain"} <= checked
