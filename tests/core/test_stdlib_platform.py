"""The folder platform/ must never shadow the standard library's platform module (pytest, uuid and
celery import it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_platform_folder_is_not_a_package():
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_import_platform_from_the_repository_root_gets_the_standard_library():
    result = _run("-c", "import platform, uuid; print(platform.system()); print(platform.__file__)")
    assert result.returncode == 0, result.stderr
    system, location = result.stdout.split()
    assert system == "Linux"
    assert "/work/" not in location or ".venv" in location or "pyenv" in location
    assert not location.startswith(str(ROOT / "platform"))


def test_manage_py_check_passes():
    result = _run("manage.py", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_python_m_pytest_collects_from_the_repository_root():
    result = _run("-m", "pytest", "--collect-only", "-q", "tests/core/test_stdlib_platform.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "test_platform_folder_is_not_a_package" in result.stdout
