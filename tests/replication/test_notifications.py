"""Notifications of replication steps: who hears about each step, the e-mails (once, even when an
effect is applied twice, with a stable Message-ID), a failed send retried, nothing for a closed
region, the daily digest, and the pages, API and layout count of one's notifications.

A step records its effects; `apply_effects` applies them as the worker would after the commit."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import Role
from pipeline.models import PendingEffect
from pipeline.runner import drain
from pipeline.services import record
from regions.selectors import region_site_url
from replication.notifications.emails import queue_daily_digests
from replication.notifications.models import EmailPreference, Notification, NotificationSettings
from replication.notifications.services import mark_read
from replication.requests.models import RequestStatus
from tests.conftest import make_member
from tests.effects import apply_effects
from tests.replication.request_helpers import network

S = RequestStatus


@pytest.fixture
def net(personas, region_a, region_b):
    return network(personas, region_a, region_b)


def _titles(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def _notify_only():
    """Apply the notifications of the steps so far, but send no e-mail yet."""
    apply_effects(only={"notifications.request_step"})


def test_a_new_request_tells_the_origin_admins_only(net, personas):
    second_admin = make_member(net.origin, Role.REGION_ADMIN, "admin2@banjar.test")
    request = net.request()
    assert Notification.objects.count() == 0  # nothing before the effects are applied
    apply_effects()
    for admin in (net.origin_admin, second_admin):
        [title] = _titles(admin)
        assert title == "Permohonan replikasi baru: SEPEDA BARU dari Kabupaten Tanah Bumbu"
    notification = Notification.objects.get(user=net.origin_admin)
    assert notification.region == net.origin
    assert notification.url == region_site_url(net.origin, f"/replikasi/{request.pk}/")
    assert notification.body == "Kami ingin mereplikasi inovasi ini."
    for bystander in (net.requester_admin, personas.verifier_a, net.third_admin):
        assert _titles(bystander) == []
    assert sorted(message.to[0] for message in mail.outbox) == [
        "admin2@banjar.test",
        "admin@banjar.test",
    ]
    assert all(n.emailed_at for n in Notification.objects.all())
    assert notification.url in {
        message.body.split("Buka: ")[1].split()[0] for message in mail.outbox
    }
    assert not PendingEffect.objects.exists()


@pytest.mark.parametrize(
    ("step", "side", "told"),
    [
        ("accept", "origin", "requester"),
        ("decline", "origin", "requester"),
        ("cancel", "requester", "origin"),
    ],
)
def test_each_answer_tells_the_other_side(net, step, side, told):
    request = net.request()
    apply_effects()
    Notification.objects.all().delete()
    net.fire(request, step, side)
    apply_effects()
    admins = {"origin": net.origin_admin, "requester": net.requester_admin}
    assert len(_titles(admins[told])) == 1
    assert _titles(admins[side]) == []


def test_steps_either_side_may_take_tell_the_other_one(net):
    request = net.request_in(S.ACCEPTED)
    apply_effects()
    Notification.objects.all().delete()
    net.fire(request, "schedule_visit", "origin")
    apply_effects()
    assert _titles(net.requester_admin) == ["Kunjungan kerja dijadwalkan: SEPEDA BARU"]
    assert _titles(net.origin_admin) == []


def test_expiry_tells_both_sides(net):
    import datetime

    from django.utils import timezone

    from replication.requests.services import expire_overdue

    net.request()
    apply_effects()
    Notification.objects.all().delete()
    expire_overdue(now=timezone.now() + datetime.timedelta(days=60))
    apply_effects()
    assert len(_titles(net.origin_admin)) == 1 and len(_titles(net.requester_admin)) == 1


def test_an_email_is_sent_once_with_a_stable_message_id_even_if_applied_twice(net):
    net.request()
    apply_effects()
    notification = Notification.objects.get()
    [message] = mail.outbox
    assert message.subject == "Permohonan replikasi baru: SEPEDA BARU dari Kabupaten Tanah Bumbu"
    assert message.extra_headers["Message-ID"] == f"<notification.{notification.pk}@localhost>"
    # A redelivered effect (the same key recorded again) finds the notification e-mailed; the
    # step's own effect applied again adds no second notification.
    record("notifications.email", target=notification.pk)
    record("notifications.request_step", target=notification.source.split(":")[1])
    apply_effects()
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_a_failed_send_is_retried_later_and_then_sent_once(net, monkeypatch, settings):
    net.request()
    _notify_only()

    def broken(self, *args, **kwargs):
        raise OSError("SMTP tidak tersedia")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", broken)
    report = drain()
    assert report.failed == 1
    pending = PendingEffect.objects.get(effect="notifications.email")
    assert pending.attempts == 1 and "SMTP tidak tersedia" in pending.last_error
    assert pending.due_at > pending.recorded_at  # waits before the next attempt
    assert Notification.objects.get().emailed_at is None and mail.outbox == []
    monkeypatch.undo()
    apply_effects()
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


def test_nothing_is_sent_about_or_to_a_closed_region(net):
    from regions.activation import deactivate_region

    net.request()
    _notify_only()
    assert Notification.objects.filter(user=net.origin_admin).count() == 1
    deactivate_region(net.origin)
    apply_effects()  # the pending e-mail finds the region closed
    assert mail.outbox == []
    assert Notification.objects.get(user=net.origin_admin).emailed_at is None


def test_the_daily_digest_sends_one_mail_for_the_pending_ones(net):
    NotificationSettings.objects.create(user=net.origin_admin, email=EmailPreference.DAILY_DIGEST)
    NotificationSettings.objects.create(user=net.requester_admin, email=EmailPreference.NONE)
    first = net.request()
    second = net.request(entry=net.entry("INOVASI DUA"))
    net.fire(first, "accept", "origin")
    apply_effects()
    assert mail.outbox == []  # nobody wanted an e-mail at once
    read = Notification.objects.filter(user=net.origin_admin).order_by("pk").first()
    mark_read(net.origin_admin, [read.pk])
    assert queue_daily_digests() == 1
    apply_effects()
    [digest] = mail.outbox
    assert digest.to == ["admin@banjar.test"]
    assert "1 pemberitahuan" in digest.subject
    assert "INOVASI DUA" in digest.body and f"/replikasi/{second.pk}/" in digest.body
    assert digest.extra_headers["Message-ID"].startswith(f"<digest.{net.origin_admin.pk}.")
    assert queue_daily_digests() == 0  # nothing left to tell
    apply_effects()
    assert len(mail.outbox) == 1
    assert NotificationSettings.objects.get(user=net.origin_admin).last_digest_at
    # The requester chose no e-mail: its accept notification stays in the app only.
    assert Notification.objects.filter(user=net.requester_admin, emailed_at=None).count() == 1


def test_the_notification_pages(net, client_for):
    first = net.request()
    net.request(entry=net.entry("INOVASI DUA"))
    _notify_only()
    older, newer = Notification.objects.filter(user=net.origin_admin).order_by("pk")
    mark_read(net.origin_admin, [newer.pk])
    for region in (net.origin, None):  # the region's host and the public site
        client = client_for(net.origin_admin, region)
        page = client.get("/notifikasi/")
        assert page.status_code == 200
        assert [n.pk for n in page.context["page"].object_list] == [older.pk, newer.pk]
        assert page.context["nav_unread_notifications"] == 1
    client = client_for(net.origin_admin, net.origin)
    opened = client.get(f"/notifikasi/{older.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == region_site_url(net.origin, f"/replikasi/{first.pk}/")
    older.refresh_from_db()
    assert older.read_at is not None
    # Someone else's notification does not exist for me.
    stranger = client_for(net.requester_admin, net.requester)
    assert stranger.get(f"/notifikasi/{older.pk}/").status_code == 404
    assert stranger.post(f"/notifikasi/{older.pk}/baca/").status_code == 404
    Notification.objects.filter(pk__in=[older.pk, newer.pk]).update(read_at=None)
    assert client.post(f"/notifikasi/{newer.pk}/baca/").status_code == 302
    assert Notification.objects.filter(user=net.origin_admin, read_at=None).count() == 1
    client.post("/notifikasi/baca-semua/")
    assert not Notification.objects.filter(user=net.origin_admin, read_at=None).exists()
    assert client_for(None, net.origin).get("/notifikasi/").status_code == 302


def test_the_email_preference_form(net, client_for):
    client = client_for(net.requester_admin, None)
    assert client.get("/notifikasi/pengaturan/").status_code == 200
    assert client.post("/notifikasi/pengaturan/", {"email": "daily"}).status_code == 302
    assert NotificationSettings.objects.get(user=net.requester_admin).email == "daily"
    refused = client.post("/notifikasi/pengaturan/", {"email": "mingguan"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert NotificationSettings.objects.get(user=net.requester_admin).email == "daily"


def test_the_layout_count_is_only_for_signed_in_users(net, client_for):
    page = client_for(None, None).get("/")
    assert "nav_unread_notifications" not in page.context
    net.request()
    _notify_only()
    signed_in = client_for(net.origin_admin, net.origin).get("/replikasi/")
    assert signed_in.context["nav_unread_notifications"] == 1


def test_notifications_over_the_api(net, personas, api_for):
    request = net.request()
    net.fire(request, "cancel", "requester")
    _notify_only()
    for region in (net.origin, None):
        client = api_for(net.origin_admin, region)
        body = client.get("/api/v1/notifications/").json()
        assert body["count"] == 2 and body["results"][0]["is_read"] is False
    client = api_for(net.origin_admin, net.origin, token=True)
    first_id = body["results"][0]["id"]
    marked = client.post("/api/v1/notifications/", {"ids": [first_id]}, format="json").json()
    assert marked == {"marked": 1, "unread": 1}
    unread = client.get("/api/v1/notifications/", {"unread": "true"}).json()
    assert unread["count"] == 1 and unread["results"][0]["id"] != first_id
    assert client.get("/api/v1/notifications/", {"unread": "kadang"}).status_code == 400
    # Another user's ids change nothing; all: true marks the rest.
    stranger = api_for(net.requester_admin, net.requester)
    assert (
        stranger.post("/api/v1/notifications/", {"ids": [first_id]}, format="json").json()["marked"]
        == 0
    )
    assert client.post(
        "/api/v1/notifications/", {"ids": [], "all": True}, format="json"
    ).json() == {
        "marked": 1,
        "unread": 0,
    }
    assert client.post("/api/v1/notifications/", {}, format="json").status_code == 400
    assert client.post("/api/v1/notifications/", {"ids": []}, format="json").json()["marked"] == 0
    assert client.get("/api/v1/notifications/settings/").json() == {"email": "immediate"}
    changed = client.put("/api/v1/notifications/settings/", {"email": "none"}, format="json")
    assert changed.json() == {"email": "none"}
    assert (
        client.put("/api/v1/notifications/settings/", {"email": "x"}, format="json").status_code
        == 400
    )
    assert api_for(None, None).get("/api/v1/notifications/").status_code in (401, 403)


@pytest.mark.parametrize("backend", ["filebased", "console"])
def test_the_development_mail_backends_work(net, tmp_path, capsys, backend):
    from django.test import override_settings

    net.request()
    with override_settings(
        EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend",
        EMAIL_FILE_PATH=tmp_path,
    ):
        apply_effects()
    if backend == "filebased":
        [written] = list(tmp_path.iterdir())
        text = written.read_text()
    else:
        text = capsys.readouterr().out
    assert "Permohonan replikasi baru" in text and "Kabupaten Tanah Bumbu" in text
