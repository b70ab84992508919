"""Start the test identity provider (a real django-oidc-provider site) on a free port."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.live import free_port, running, wait_for_http

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class RunningProvider:
    base_url: str
    client_id: str
    client_secret: str

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/openid"


@contextlib.contextmanager
def identity_provider(*, redirect_uris: list[str], people: list[dict]) -> Iterator[RunningProvider]:
    port = free_port()
    provider = RunningProvider(
        base_url=f"http://127.0.0.1:{port}",
        client_id="lumbung-inovasi",
        client_secret="rahasia-klien-uji-" + "9" * 16,
    )
    with tempfile.TemporaryDirectory(prefix="lumbung-idp-") as folder:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "OIDC_PROVIDER_DB": str(Path(folder) / "idp.sqlite3"),
            "SITE_URL": provider.base_url,
        }
        spec = {
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "redirect_uris": redirect_uris,
            "people": people,
        }
        subprocess.run(
            [sys.executable, "-m", "tests.oidc_provider.prepare", json.dumps(spec)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        command = [
            sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}",
            "--noreload", "--nothreading",
        ]  # fmt: skip
        with running(command, env):
            wait_for_http(
                f"{provider.issuer}/.well-known/openid-configuration", host=f"127.0.0.1:{port}"
            )
            yield provider
