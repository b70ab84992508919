"""The effect pipeline with real components and faults injected on purpose: a Celery worker (and
its pool process) killed with SIGKILL in the middle of an e-mail or a snapshot recompute, a
private redis-server stopped and started again under a live web server, PostgreSQL backends
terminated. After each, the effect happens exactly once, pages keep answering, and committed
changes never answer 500.

These tests commit their data (the worker and the web server are other processes) and remove it
again; the pipeline table is emptied before and after each."""

from __future__ import annotations

import json
import threading
import time
import uuid

import pytest
import requests
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from pipeline.models import PendingEffect
from pipeline.services import record
from rankings.models import IndexSnapshot
from replication.catalog.models import CatalogEntry
from replication.notifications.models import Notification
from replication.requests.models import ReplicationRequest
from rubric.years import current_year
from tests.conftest import PASSWORD, REGION_A, REGION_B, assert_test_database, region_by_slug
from tests.live import (
    celery_beat,
    celery_worker,
    kill,
    pool_children,
    private_redis,
    second_connection,
    smtp_stub,
    wait_until,
    waiting_on_lock,
    web_server,
)

pytestmark = pytest.mark.worker
PREFIX = "Uji Gangguan"
MAIL_DOMAIN = "gangguan.test"


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        assert_test_database()
        PendingEffect.objects.all().delete()
        try:
            yield
        finally:
            _clean_up()


def _clean_up() -> None:
    from axes.models import AccessAttempt, AccessFailureLog

    from tenants.history.models import Change
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit

    connection.set_schema_to_public()
    for request in ReplicationRequest.objects.filter(innovation_name__startswith=PREFIX):
        for document in request.documents.all():
            document.file.delete(save=False)
        request.delete()
    for slug in (REGION_A, REGION_B):
        region = region_by_slug(slug)
        with tenant_context(region):
            innovations = Innovation.objects.filter(name__startswith=PREFIX)
            Change.objects.filter(innovation_id__in=innovations.values("pk")).delete()
            for innovation in innovations:
                for report in innovation.reports.all():
                    for answer in report.answers.all():
                        for evidence in answer.evidence.all():
                            evidence.file.delete(save=False)
                innovation.delete()
            OpdUnit.objects.filter(name__startswith=PREFIX).delete()
        IndexSnapshot.objects.filter(region=region).delete()
    CatalogEntry.objects.filter(name__startswith=PREFIX).delete()
    Notification.objects.filter(user__email__endswith=MAIL_DOMAIN).delete()
    AccessAttempt.objects.filter(username__endswith=MAIL_DOMAIN).delete()
    AccessFailureLog.objects.filter(username__endswith=MAIL_DOMAIN).delete()
    User.objects.filter(email__endswith=MAIL_DOMAIN).delete()
    PendingEffect.objects.all().delete()


def _queue() -> str:
    return f"lumbung-test-{uuid.uuid4().hex[:8]}"


def _notification() -> Notification:
    user = User.objects.create_user(email=f"penerima@{MAIL_DOMAIN}", full_name="Penerima Uji")
    return Notification.objects.create(
        user=user,
        region=region_by_slug(REGION_A),
        kind="replication.accept",
        title=f"{PREFIX}: permohonan diterima",
        url="http://banjar.localhost:8000/replikasi/1/",
    )


def _no_effects_left() -> bool:
    return not PendingEffect.objects.exists()


# --- a worker killed in the middle of an effect -------------------------------------------------


def _mail_in_flight(notification: Notification, smtp) -> None:
    """Owe the notification's e-mail and wait until the worker is at the mail server, which
    keeps it waiting for its greeting."""
    with transaction.atomic():
        record("notifications.email", target=notification.pk, region=notification.region)
    wait_until(lambda: smtp.connections >= 1, 60, "the worker to reach the mail server")


def test_a_pool_process_killed_while_the_mail_server_keeps_it_waiting_sends_once(committed):
    notification = _notification()
    queue = _queue()
    with (
        smtp_stub(slow_greetings=1, greeting_delay=30) as smtp,
        private_redis() as redis,
        celery_beat(queue, REDIS_URL=redis.url),
        celery_worker(queue, REDIS_URL=redis.url, CACHE_KEY_PREFIX=queue, **smtp.env()) as worker,
    ):
        _mail_in_flight(notification, smtp)
        [child] = pool_children(worker)
        kill(child)  # while it waits for the greeting: the mail is not sent
        wait_until(lambda: smtp.messages, 60, "the mail, sent again after the kill")
        time.sleep(3)  # three more sweeps: nothing is sent twice
        assert smtp.message_ids() == [f"<notification.{notification.pk}@localhost>"]
        wait_until(_no_effects_left, 10, "the effect to be marked done")
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert smtp.messages[0]["To"] == f"penerima@{MAIL_DOMAIN}"


def test_the_whole_worker_killed_mid_send_sends_once_after_a_restart(committed):
    notification = _notification()
    queue = _queue()
    with (
        smtp_stub(slow_greetings=1, greeting_delay=30) as smtp,
        private_redis() as redis,
        celery_beat(queue, REDIS_URL=redis.url),
    ):
        env = {"REDIS_URL": redis.url, "CACHE_KEY_PREFIX": queue, **smtp.env()}
        with celery_worker(queue, **env) as worker:
            _mail_in_flight(notification, smtp)
            children = pool_children(worker)
            kill(worker.pid)
            for child in children:
                kill(child)
        assert smtp.messages == []
        with celery_worker(queue, **env):  # the operator restarts it
            wait_until(lambda: smtp.messages, 60, "the mail after the restart")
            time.sleep(3)
            assert len(smtp.messages) == 1
            wait_until(_no_effects_left, 10, "the effect to be marked done")


def test_a_worker_killed_during_a_snapshot_recompute_computes_it_once_afterwards(committed):

    from tenants.innovations.services import innovation_create
    from tenants.organization.models import OpdUnit
    from tests.registry.helpers import profile

    region = region_by_slug(REGION_A)
    year = current_year()
    with tenant_context(region):
        opd = OpdUnit.objects.create(name=f"{PREFIX} Dinas")
    innovation_create(region=region, actor=None, data=profile(opd, name=f"{PREFIX} Satu"))
    from tenants.scoring.snapshot import refresh

    before = refresh(region, year)
    innovation_create(region=region, actor=None, data=profile(opd, name=f"{PREFIX} Dua"))
    PendingEffect.objects.exclude(effect="rankings.snapshot").delete()
    PendingEffect.objects.update(due_at=timezone.now())  # no need to wait for the debounce

    # Another session holds the snapshot row, so the recompute stops right at its write.
    holder = second_connection()
    holder.execute(
        "SELECT 1 FROM rankings_indexsnapshot WHERE region_id = %s AND year = %s FOR UPDATE",
        [region.pk, year],
    )
    queue = _queue()
    try:
        with (
            private_redis() as redis,
            celery_beat(queue, REDIS_URL=redis.url),
            celery_worker(queue, REDIS_URL=redis.url, CACHE_KEY_PREFIX=queue) as worker,
        ):
            wait_until(
                lambda: waiting_on_lock("rankings_indexsnapshot"),
                60,
                "the recompute to reach its write",
            )
            [child] = pool_children(worker)
            kill(child)
            holder.rollback()  # the dead run's transaction ends with its connection
            wait_until(_no_effects_left, 60, "the recompute after the kill")
    finally:
        holder.close()
    after = IndexSnapshot.objects.get(region=region, year=year)
    assert after.pk == before.pk  # one row per region and year, written in place
    assert (before.innovations, after.innovations) == (1, 2)
    assert after.computed_at > before.computed_at


# --- Redis down and back under a live web server ------------------------------------------------


def _sign_in(port: int, host: str, email: str) -> requests.Session:
    session = requests.Session()
    login = f"http://127.0.0.1:{port}/akun/masuk/"
    # The region's sign-in page sends browsers to the public site's; the form posted on the
    # region host still signs in there. Its CSRF token comes from another of the host's forms.
    page = session.get(f"http://127.0.0.1:{port}/akun/lupa-sandi/", headers={"Host": host})
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    answer = session.post(
        login,
        headers={"Host": host, "Referer": f"http://{host}/akun/masuk/"},
        data={"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]
    return session


def test_with_redis_down_pages_answer_writes_commit_and_effects_catch_up_after(committed, tmp_path):
    from django.conf import settings

    from pipeline.runner import drain
    from replication.requests.services import request_create
    from tenants.assessment.workflow import fire
    from tenants.organization.models import OpdUnit
    from tests.conftest import make_member
    from tests.registry.helpers import current_report
    from tests.replication.helpers import letter, published_entry

    origin, requester = region_by_slug(REGION_A), region_by_slug(REGION_B)
    origin_admin = make_member(origin, Role.REGION_ADMIN, f"admin.asal@{MAIL_DOMAIN}")
    asker = make_member(requester, Role.REGION_ADMIN, f"admin.pemohon@{MAIL_DOMAIN}")
    with tenant_context(origin):
        opd = OpdUnit.objects.create(name=f"{PREFIX} Dinas Kesehatan")
    entry = published_entry(origin, origin_admin, opd, name=f"{PREFIX} Posyandu")
    request = request_create(region=requester, actor=asker, entry=entry, letter=letter())
    fire(
        "reopen",
        region=origin,
        actor=origin_admin,
        report=current_report(origin, entry_innovation(origin, entry)),
        reason="Ganti nama",
    )
    drain()  # what the setup caused, before the test starts
    before = IndexSnapshot.objects.get(region=origin, year=current_year())
    mail_dir = tmp_path / "mail"
    queue = _queue()
    env = {
        "CACHE_KEY_PREFIX": queue,
        "SNAPSHOT_DEBOUNCE_SECONDS": "2",
        "LUMBUNG_DATA_DIR": str(tmp_path),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TRUSTED_PROXY_COUNT": "1",  # so a forwarded visitor is not this machine
    }
    with private_redis() as redis:
        env["REDIS_URL"] = redis.url
        with (
            web_server(CELERY_QUEUE=queue, **env) as port,
            celery_beat(queue, **env),
            celery_worker(queue, **env),
        ):
            base = f"http://127.0.0.1:{port}"
            host = f"{origin.slug}.localhost"
            browser = _sign_in(port, host, origin_admin.email)
            wait_until(lambda: _health(base)["status"] == "ok", 60, "a healthy start")

            redis.stop()
            # Pages answer; the health check says "down" without naming anything inside.
            for path in (
                "/dasbor/",
                f"/inovasi/{entry.innovation_id}/",
                "/replikasi/",
                "/katalog/",
            ):
                page = browser.get(base + path, headers={"Host": host}, timeout=30)
                assert page.status_code == 200, path
            health = requests.get(
                base + "/healthz",
                headers={"Host": "localhost", "X-Forwarded-For": "203.0.113.5"},
                timeout=30,
            )
            assert health.status_code == 503
            assert str(redis.port) not in health.text and "Error" not in health.text
            token = requests.post(
                base + "/api/v1/auth/token/",
                headers={"Host": "localhost"},
                json={"email": origin_admin.email, "password": PASSWORD},
                timeout=30,
            )
            assert token.status_code == 201
            api = {"Host": host, "Authorization": f"Bearer {token.json()['token']}"}
            # Committed writes answer 2xx: a profile edit and a replication step.
            renamed = requests.patch(
                f"{base}/api/v1/innovations/{entry.innovation_id}/",
                headers=api,
                json={"name": f"{PREFIX} Posyandu Keliling"},
                timeout=30,
            )
            assert renamed.status_code == 200, renamed.text
            accepted = requests.post(
                f"{base}/api/v1/replication/requests/{request.pk}/transitions/",
                headers=api,
                files={"transition": (None, "accept"), "note": (None, "Silakan datang")},
                timeout=30,
            )
            assert accepted.status_code == 200, accepted.text
            time.sleep(3)
            assert PendingEffect.objects.exists()  # waiting in the database, not lost

            redis.start()  # empty: every queued message and cache key is gone
            back = time.monotonic()
            wait_until(_no_effects_left, 60, "the effects to catch up after Redis came back")
            caught_up = time.monotonic() - back
            entry.refresh_from_db()
            assert entry.name == f"{PREFIX} Posyandu Keliling"
            after = IndexSnapshot.objects.get(region=origin, year=current_year())
            assert after.computed_at > before.computed_at
            told = Notification.objects.get(user=asker, kind="replication.accept")
            assert told.emailed_at is not None
            mails = [path.read_text() for path in mail_dir.iterdir()]
            assert sum(f"<notification.{told.pk}@localhost>" in mail for mail in mails) == 1
            wait_until(lambda: _health(base)["status"] == "ok", 60, "the worker heartbeat back")
    assert caught_up < 60


def entry_innovation(region, entry):
    from tenants.innovations.models import Innovation

    with tenant_context(region):
        return Innovation.objects.get(pk=entry.innovation_id)


def _health(base: str) -> dict:
    try:
        return requests.get(base + "/healthz", headers={"Host": "localhost"}, timeout=5).json()
    except (requests.RequestException, json.JSONDecodeError):
        return {"status": "unreachable"}


# --- PostgreSQL connections dropped -------------------------------------------------------------


def test_after_postgresql_drops_every_connection_the_next_requests_succeed(committed):
    from tests.conftest import make_member

    region = region_by_slug(REGION_A)
    admin = make_member(region, Role.REGION_ADMIN, f"admin.pg@{MAIL_DOMAIN}")
    host = f"{region.slug}.localhost"
    with web_server() as port:
        base = f"http://127.0.0.1:{port}"
        browser = _sign_in(port, host, admin.email)
        threads = [
            threading.Thread(target=lambda: browser.get(base + "/dasbor/", headers={"Host": host}))
            for _ in range(4)
        ]
        for thread in threads:  # every gunicorn thread holds a kept connection now
            thread.start()
        for thread in threads:
            thread.join()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [connection.settings_dict["NAME"]],
            )
            assert cursor.fetchone()[0] >= 1
        statuses = [
            browser.get(base + path, headers={"Host": host}).status_code
            for path in ("/dasbor/", "/inovasi/", "/katalog/", "/peringkat/") * 8
        ]
        assert statuses == [200] * len(statuses)
        saved = browser.get(base + "/notifikasi/pengaturan/", headers={"Host": host})
        token = saved.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        changed = browser.post(
            base + "/notifikasi/pengaturan/",
            headers={"Host": host, "Referer": f"http://{host}/"},
            data={"csrfmiddlewaretoken": token, "email": "daily"},
            allow_redirects=False,
        )
        assert changed.status_code == 302
