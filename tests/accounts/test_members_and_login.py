from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.handoff import handoff_token_create
from accounts.models import Invitation, Membership, Role, User
from lumbung.celery import app as celery_app
from tests.conftest import PASSWORD, make_opd


@pytest.fixture
def eager_tasks():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_region_admin_invites_a_new_operator_who_sets_a_password(
    personas, region_a, client_for, eager_tasks, django_capture_on_commit_callbacks
):
    client = client_for(personas.admin_a, region_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/anggota/",
            {
                "email": "Baru@Banjar.test",
                "full_name": "Siti Baru",
                "role": Role.OPD_OPERATOR,
                "opd_id": personas.opd_a.pk,
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="baru@banjar.test")
    assert (membership.region, membership.role, membership.opd_id) == (
        region_a,
        Role.OPD_OPERATOR,
        personas.opd_a.pk,
    )
    assert not membership.user.has_usable_password()

    assert len(mail.outbox) == 1
    link = re.search(r"http://banjar\.localhost\S*/akun/undangan/(\S+)/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    token = link.group(1)

    invitee = Client(HTTP_HOST="banjar.localhost")
    assert invitee.get(f"/akun/undangan/{token}/").status_code == 200
    weak = invitee.post(f"/akun/undangan/{token}/", {"password1": "12345", "password2": "12345"})
    assert weak.status_code == 200 and "errorlist" in weak.content.decode()
    done = invitee.post(f"/akun/undangan/{token}/", {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302 and invitee.get("/").status_code == 200
    assert Invitation.objects.get(membership=membership).accepted_at is not None
    again = Client(HTTP_HOST="banjar.localhost").get(f"/akun/undangan/{token}/")
    assert again.status_code == 404  # used once


def test_an_invitation_link_works_only_on_its_own_region(personas, region_a, region_b, client_for):
    from tenants.members.services import member_invite

    _membership, token = member_invite(
        region=region_a,
        actor=personas.admin_a,
        email="x@banjar.test",
        full_name="X",
        role=Role.VERIFIER,
    )
    assert (
        Client(HTTP_HOST="tanah-bumbu.localhost").get(f"/akun/undangan/{token}/").status_code == 404
    )


def test_an_existing_user_is_added_without_invitation(personas, region_a, client_for):
    client = client_for(personas.admin_a, region_a)
    client.post("/anggota/", {"email": personas.admin_b.email, "role": Role.VERIFIER})
    membership = Membership.objects.get(user=personas.admin_b, region=region_a)
    assert membership.role == Role.VERIFIER and not hasattr(membership, "invitation")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "p@banjar.test", "full_name": "P", "role": Role.PROVINCE_VIEWER}, "role"),
        ({"email": "o@banjar.test", "full_name": "O", "role": Role.OPD_OPERATOR}, "opd_id"),
        ({"email": "bukan-email", "full_name": "O", "role": Role.VERIFIER}, "email"),
        ({"email": "n@banjar.test", "full_name": "", "role": Role.VERIFIER}, "full_name"),
    ],
)
def test_invalid_invitations_are_explained_and_keep_the_input(
    personas, region_a, client_for, data, field
):
    response = client_for(personas.admin_a, region_a).post("/anggota/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert form["email"].value() == data["email"]  # nothing the user typed is lost
    assert not User.objects.filter(email=data["email"]).exists()


def test_an_operator_cannot_be_tied_to_an_opd_of_another_region(personas, region_a, region_b):
    from django.core.exceptions import ValidationError

    from tenants.members.services import member_invite

    foreign_opd = make_opd(region_b, "Dinas Luar Daerah")
    with pytest.raises(ValidationError) as error:
        member_invite(
            region=region_a,
            actor=personas.admin_a,
            email="o@banjar.test",
            full_name="O",
            role=Role.OPD_OPERATOR,
            opd_id=foreign_opd.pk + 100000,
        )
    assert "opd_id" in error.value.message_dict


def test_the_last_region_admin_cannot_leave(personas, region_a, client_for):
    own = Membership.objects.get(user=personas.admin_a, region=region_a)
    client = client_for(personas.admin_a, region_a)
    client.post(f"/anggota/{own.pk}/hapus/")
    assert Membership.objects.filter(pk=own.pk).exists()
    client.post(f"/anggota/{own.pk}/ubah/", {f"m{own.pk}-role": Role.VERIFIER})
    assert Membership.objects.get(pk=own.pk).role == Role.REGION_ADMIN


def test_region_admin_changes_a_role_and_removes_a_member(personas, region_a, client_for):
    target = Membership.objects.get(user=personas.verifier_a)
    client = client_for(personas.admin_a, region_a)
    client.post(f"/anggota/{target.pk}/ubah/", {f"m{target.pk}-role": Role.LEADER})
    assert Membership.objects.get(pk=target.pk).role == Role.LEADER
    client.post(f"/anggota/{target.pk}/hapus/")
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_non_admins_cannot_manage_members(personas, region_a, client_for):
    for user in (personas.verifier_a, personas.operator_a, personas.leader_a):
        assert client_for(user, region_a).get("/anggota/").status_code == 403


def test_login_on_a_region_host(personas, region_a):
    client = Client(HTTP_HOST="banjar.localhost")
    wrong = client.post("/akun/masuk/", {"username": "admin@banjar.test", "password": "keliru"})
    assert wrong.status_code == 200 and "E-mail atau kata sandi salah" in wrong.content.decode()
    right = client.post("/akun/masuk/", {"username": "admin@banjar.test", "password": PASSWORD})
    assert right.status_code == 302
    assert client.get("/").status_code == 200


def test_login_is_rate_limited(personas, region_a, settings):
    client = Client(HTTP_HOST="banjar.localhost", REMOTE_ADDR="10.9.8.7")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/akun/masuk/", {"username": "admin@banjar.test", "password": "keliru"})
    locked = client.post("/akun/masuk/", {"username": "admin@banjar.test", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert client.get("/").status_code == 302  # still not signed in


def test_session_cookies_are_http_only_and_host_only(personas, region_a):
    client = Client(HTTP_HOST="banjar.localhost")
    client.post("/akun/masuk/", {"username": "admin@banjar.test", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["domain"]


def test_switching_region_hands_over_a_one_time_sign_in(personas, region_a, region_b, client_for):
    from accounts.models import Membership

    Membership.objects.create(user=personas.admin_a, region=region_b, role=Role.VERIFIER)
    public = client_for(personas.admin_a, None)
    listing = public.get("/akun/daerah-saya/").content.decode()
    assert "Kabupaten Banjar" in listing and "Kabupaten Tanah Bumbu" in listing
    redirect = public.get("/akun/pindah/tanah-bumbu/")
    assert redirect.status_code == 302
    target = redirect["Location"]
    assert target.startswith("http://tanah-bumbu.localhost/akun/lanjut/?token=")
    path = target.split("localhost", 1)[1]

    fresh = Client(HTTP_HOST="tanah-bumbu.localhost")
    assert fresh.get(path).status_code == 302
    assert fresh.get("/").status_code == 200
    replay = Client(HTTP_HOST="tanah-bumbu.localhost")
    replay.get(path)
    assert replay.get("/").status_code == 302  # the token works once


def test_a_handoff_token_is_useless_on_another_region(personas, region_a, region_b):
    token = handoff_token_create(user=personas.admin_a, region=region_a)
    other = Client(HTTP_HOST="tanah-bumbu.localhost")
    other.get(f"/akun/lanjut/?token={token}")
    assert other.get("/").status_code == 302


def test_switching_to_a_region_you_do_not_belong_to_says_so(personas, client_for):
    public = client_for(personas.admin_a, None)
    response = public.get("/akun/pindah/tanah-bumbu/", follow=True)
    assert response.redirect_chain[-1][0] == "/akun/daerah-saya/"
    assert "bukan anggota Kabupaten Tanah Bumbu" in response.content.decode()
    assert public.get("/akun/pindah/tidak-ada/").status_code == 404


def test_behind_a_proxy_the_lockout_uses_the_forwarded_client_address(personas, region_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    login = {"username": "admin@banjar.test", "password": "keliru"}
    # The attacker forges an address on the left; the proxy appends the real one on the right.
    attacker = Client(
        HTTP_HOST="banjar.localhost",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9",
    )
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/akun/masuk/", login)
    assert attacker.post("/akun/masuk/", {**login, "password": PASSWORD}).status_code == 429
    # A colleague behind the same proxy, whose address the attacker tried to forge, is not locked.
    colleague = Client(
        HTTP_HOST="banjar.localhost", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert colleague.post("/akun/masuk/", {**login, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1"),  # no proxy: the header is ignored
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # a forged left entry is ignored
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "1.1.1.1"),
        (2, "1.1.1.1", "10.0.0.1"),  # fewer entries than proxies: fall back to the peer
    ],
)
def test_client_ip_trusts_exactly_the_configured_proxies(settings, trusted, forwarded, expected):
    from django.test import RequestFactory

    from accounts.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_signing_in_where_one_is_no_member_says_so_and_shows_ones_regions(personas, region_b):
    client = Client(HTTP_HOST="tanah-bumbu.localhost")
    answer = client.post(
        "/akun/masuk/", {"username": personas.admin_a.email, "password": PASSWORD}, follow=True
    )
    page = answer.content.decode()
    assert answer.redirect_chain[-1][0].endswith("/akun/daerah-saya/")
    assert "bukan anggota Kabupaten Tanah Bumbu" in page
    assert "Kabupaten Banjar" in page  # the region they do belong to
