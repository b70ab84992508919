"""One sign-in across the platform's hosts: people sign in on the public site and are handed to
region hosts; signing out anywhere signs the browser out everywhere; isolation between regions
holds (a handoff only for regions the person belongs to, `next` never leaves the host)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.test import Client

from accounts.handoff import handoff_token_create
from accounts.models import SignIn
from tests.conftest import PASSWORD


def _follow_across_hosts(response, clients: dict[str, Client]):
    """Follow redirects the way a browser does, each host with its own cookie jar."""
    hops = []
    host = response.wsgi_request.get_host()
    while response.status_code in (301, 302):
        location = urlsplit(response["Location"])
        host = location.hostname or host  # a relative redirect stays on the host
        path = location.path + (f"?{location.query}" if location.query else "")
        hops.append((host, path))
        response = clients[host].get(path)
    return response, hops


def _browser(*region_slugs: str) -> dict[str, Client]:
    """One cookie jar per host, as a browser keeps them."""
    hosts = ["localhost", *(f"{slug}.localhost" for slug in region_slugs)]
    return {host: Client(HTTP_HOST=host) for host in hosts}


def test_a_region_sign_in_page_sends_the_browser_to_the_public_site(region_a):
    response = Client(HTTP_HOST="banjar.localhost").get("/akun/masuk/?next=/inovasi/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.hostname, target.path) == ("localhost", "/akun/masuk/")
    assert parse_qs(target.query) == {"daerah": ["banjar"], "next": ["/inovasi/"]}


def test_signing_in_once_opens_the_region_and_the_public_site(personas, region_a):
    clients = _browser("banjar")
    page = clients["localhost"].get("/akun/masuk/?daerah=banjar&next=/inovasi/")
    assert "Kabupaten Banjar" in page.content.decode()
    response = clients["localhost"].post(
        "/akun/masuk/",
        {
            "username": "admin@banjar.test",
            "password": PASSWORD,
            "daerah": "banjar",
            "next": "/inovasi/",
        },
    )
    final, hops = _follow_across_hosts(response, clients)
    assert hops[-1] == ("banjar.localhost", "/inovasi/")
    assert final.status_code == 200
    # The public site knows the person too: it offers "Keluar", not "Masuk".
    home = clients["localhost"].get("/").content.decode()
    assert "/akun/keluar/" in home and 'href="/akun/masuk/"' not in home
    assert SignIn.objects.filter(user=personas.admin_a, ended_at__isnull=True).count() == 1


def test_already_signed_in_on_the_public_site_comes_straight_back(personas, region_a):
    clients = _browser("banjar")
    clients["localhost"].post(
        "/akun/masuk/", {"username": "admin@banjar.test", "password": PASSWORD}
    )
    # A link from an e-mail to a region page, in a browser signed in on the public site only.
    response = clients["banjar.localhost"].get("/inovasi/")
    final, hops = _follow_across_hosts(response, clients)
    assert hops[-1] == ("banjar.localhost", "/inovasi/") and final.status_code == 200
    # region sign-in → public sign-in → switch → handoff → the page, without a click
    assert [host for host, _path in hops] == [
        "banjar.localhost",
        "localhost",
        "localhost",
        "banjar.localhost",
        "banjar.localhost",
    ]


def test_signing_out_on_a_region_signs_out_of_every_host(personas, region_a):
    clients = _browser("banjar")
    response = clients["localhost"].post(
        "/akun/masuk/",
        {"username": "admin@banjar.test", "password": PASSWORD, "daerah": "banjar"},
    )
    _follow_across_hosts(response, clients)
    assert clients["banjar.localhost"].get("/").status_code == 200

    clients["banjar.localhost"].post("/akun/keluar/")
    assert clients["localhost"].get("/akun/daerah-saya/").status_code == 302  # to sign-in
    assert SignIn.objects.get(user=personas.admin_a).ended_at is not None


def test_a_handoff_of_an_ended_sign_in_is_refused(personas, region_a):
    sign_in = SignIn.objects.create(user=personas.admin_a, method="password")
    token = handoff_token_create(user=personas.admin_a, region=region_a, sign_in_id=str(sign_in.pk))
    SignIn.objects.filter(pk=sign_in.pk).update(ended_at=sign_in.started_at)
    region = Client(HTTP_HOST="banjar.localhost")
    region.get(f"/akun/lanjut/?token={token}")
    assert region.get("/").status_code == 302


def test_next_never_leaves_the_region_host(personas, region_a):
    for hostile in ("//evil.example/", "https://evil.example/x", "http://localhost/akun/"):
        token = handoff_token_create(user=personas.admin_a, region=region_a)
        region = Client(HTTP_HOST="banjar.localhost")
        response = region.get("/akun/lanjut/", {"token": token, "next": hostile})
        assert response["Location"] == "/"


def test_the_public_site_does_not_hand_a_region_to_a_non_member(personas, region_b):
    clients = _browser("tanah-bumbu")
    response = clients["localhost"].post(
        "/akun/masuk/",
        {"username": "admin@banjar.test", "password": PASSWORD, "daerah": "tanah-bumbu"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/akun/daerah-saya/"
    assert "bukan anggota Kabupaten Tanah Bumbu" in response.content.decode()
    assert clients["tanah-bumbu.localhost"].get("/").status_code == 302
