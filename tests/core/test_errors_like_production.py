"""What a visitor, a probe and an operator see when something is refused, missing or asked of
the wrong host (issue #17): no debug pages, one log line per client error, the health check and
the favicon on any host, log levels in any case."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def test_the_health_check_answers_on_any_host(db):
    for host in ("127.0.0.1:8000", "localhost", "tidak-ada.localhost", "banjar.localhost"):
        response = Client(HTTP_HOST=host).get("/healthz")
        assert response.status_code in (200, 503), host
        assert response.json()["status"] in ("ok", "degraded", "down")


def test_every_site_has_a_favicon(db):
    for host in ("localhost", "banjar.localhost", "127.0.0.1"):
        response = Client(HTTP_HOST=host).get("/favicon.ico")
        assert response.status_code == 301
        assert response["Location"].endswith("img/favicon.svg")
    page = Client(HTTP_HOST="localhost").get("/").content.decode()
    assert 'rel="icon"' in page


def test_a_refusal_is_logged_as_one_line_without_a_traceback(
    personas, region_b, client_for, caplog
):
    client = client_for(personas.admin_a, region_b)  # a member of another region
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/inovasi/")
    assert response.status_code == 403
    records = [record for record in caplog.records if record.name == "django.request"]
    assert len(records) == 1
    # Django attaches the PermissionDenied traceback; the filter wired in settings drops it.
    assert records[0].exc_info is None
    assert "Forbidden" in records[0].getMessage()
    # Django's own console handler is gone: the root's is the only one that prints.
    assert logging.getLogger("django").handlers == []


def test_log_levels_are_accepted_in_any_case():
    env = dict(os.environ, LOG_LEVEL="warning", PYTHONPATH=f"{ROOT / 'platform'}:{ROOT}")
    env.setdefault("DJANGO_SETTINGS_MODULE", "lumbung.settings")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); import logging; "
            "print(logging.getLevelName(logging.getLogger().level))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WARNING"


def test_pages_and_api_answers_are_compressed(db):
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_ENCODING="gzip")
    for path in ("/", "/api/v1/catalog/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Encoding"] == "gzip", path


def test_every_page_has_a_skip_link_to_its_content(db):
    page = Client(HTTP_HOST="localhost").get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in page and 'id="main"' in page
