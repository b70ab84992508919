"""Production refuses to start with development secrets; malformed values fail at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOAD_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
)


def _start(**env: str) -> subprocess.CompletedProcess:
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "BASE_DOMAIN"}
    }
    base.update(
        PYTHONPATH=f"{ROOT / 'platform'}:{ROOT}", DJANGO_SETTINGS_MODULE="lumbung.settings", **env
    )
    return subprocess.run(
        [sys.executable, "-c", LOAD_SETTINGS],
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_without_secrets_fails_loudly():
    result = _start(DJANGO_ENV="production", DATABASE_URL="", REDIS_URL="")
    assert result.returncode != 0
    for problem in (
        "SECRET_KEY must be set",
        "DATABASE_URL must be set",
        "REDIS_URL must be set",
        "BASE_DOMAIN",
    ):
        assert problem in result.stderr


def test_production_with_its_secrets_starts_without_debug():
    result = _start(
        DJANGO_ENV="production",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://lumbung@db:5432/lumbung",
        REDIS_URL="redis://redis:6379/0",
        BASE_DOMAIN="inovasi.example.id",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_malformed_boolean_is_refused():
    result = _start(DJANGO_ENV="development", DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG='maybe'" in result.stderr
