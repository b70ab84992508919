"""Single sign-on through a province's OpenID Connect provider, against a real provider
(django-oidc-provider, run as its own site by tests.oidc_provider): the code flow end to end,
and the limits that keep regions apart — a provider vouches only for people of its own
territory, never for a platform admin, and only for an e-mail address it verified."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from accounts.models import ExternalIdentity, IdentityProvider, Role, SignIn
from regions.selectors import region_by_slug
from tests.conftest import make_member
from tests.oidc_provider.run import identity_provider

CALLBACK = "http://localhost/akun/sso/pemprov-kalsel/kembali/"
IDP_PASSWORD = "sandi-idp-uji-2026"
PEOPLE = {
    "kalsel.admin": ("admin@banjar.test", True),
    "platform": ("operator@platform.test", True),
    "sumut": ("admin@madina.test", True),
    "belum": ("verifikator@banjar.test", False),
    "asing": ("tidak-terdaftar@kalsel.test", True),
}


@pytest.fixture(scope="module")
def provider_site():
    people = [
        {"username": name, "email": email, "password": IDP_PASSWORD, "email_verified": verified}
        for name, (email, verified) in PEOPLE.items()
    ]
    with identity_provider(redirect_uris=[CALLBACK], people=people) as site:
        yield site


@pytest.fixture
def kalsel_sso(provider_site, province):
    return IdentityProvider.objects.create(
        slug="pemprov-kalsel",
        name="SSO Pemprov Kalsel",
        region=province,
        issuer=provider_site.issuer,
        client_id=provider_site.client_id,
        client_secret=provider_site.client_secret,
    )


def _through_provider(client: Client, start: str, username: str):
    """The browser's trip: our start page → the provider's sign-in form → back to our callback.
    Returns our callback's response."""
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    browser = requests.Session()
    page = browser.get(to_provider["Location"], timeout=10)
    assert "Masuk IdP" in page.text, page.text[:500]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    next_value = re.search(r'name="next" value="([^"]*)"', page.text).group(1)
    response = browser.post(
        page.url,
        data={
            "csrfmiddlewaretoken": csrf,
            "username": username,
            "password": IDP_PASSWORD,
            "next": next_value.replace("&amp;", "&"),
        },
        allow_redirects=False,
        timeout=10,
    )
    while not response.headers["Location"].startswith("http://localhost/"):
        location = response.headers["Location"]
        if location.startswith("/"):
            location = f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}{location}"
        response = browser.get(location, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text[:500]
    back = urlsplit(response.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_a_province_provider_signs_a_kab_member_into_their_region(personas, region_a, kalsel_sso):
    public = Client(HTTP_HOST="localhost")
    login_page = public.get("/akun/masuk/?daerah=banjar&next=/inovasi/").content.decode()
    assert "Masuk dengan SSO Pemprov Kalsel" in login_page

    back = _through_provider(
        public, "/akun/sso/pemprov-kalsel/?daerah=banjar&next=/inovasi/", "kalsel.admin"
    )
    assert back.status_code == 302 and back["Location"].startswith("/akun/pindah/banjar/")
    handoff = public.get(back["Location"])
    region = Client(HTTP_HOST="banjar.localhost")
    target = urlsplit(handoff["Location"])
    landed = region.get(f"{target.path}?{target.query}")
    assert landed["Location"] == "/inovasi/"
    assert region.get("/inovasi/").status_code == 200

    sign_in = SignIn.objects.get(user=personas.admin_a)
    assert sign_in.method == "oidc:pemprov-kalsel"
    assert ExternalIdentity.objects.filter(provider=kalsel_sso, user=personas.admin_a).exists()


def test_the_provider_is_offered_only_for_its_own_territory(personas, kalsel_sso):
    page = Client(HTTP_HOST="localhost").get("/akun/masuk/?daerah=mandailing-natal")
    assert "SSO Pemprov Kalsel" not in page.content.decode()


@pytest.mark.parametrize(
    ("username", "why"),
    [
        ("platform", "hanya untuk anggota"),  # a platform admin: never through a region's provider
        ("sumut", "hanya untuk anggota"),  # a member of another province
        ("belum", "belum memastikan alamat e-mail"),
        ("asing", "Belum ada akun Lumbung Inovasi"),
    ],
)
def test_the_provider_cannot_vouch_beyond_its_territory(
    personas, kalsel_sso, region_a, username, why
):
    make_member(region_by_slug("mandailing-natal"), Role.REGION_ADMIN, "admin@madina.test")
    public = Client(HTTP_HOST="localhost")
    back = _through_provider(public, "/akun/sso/pemprov-kalsel/", username)
    assert back.status_code == 302 and back["Location"] == "/akun/masuk/"
    refusal = public.get("/akun/masuk/").content.decode()
    assert why in refusal
    assert public.get("/akun/daerah-saya/").status_code == 302  # not signed in
    assert not SignIn.objects.exists() and not ExternalIdentity.objects.exists()


def test_a_forged_return_is_refused(personas, kalsel_sso):
    public = Client(HTTP_HOST="localhost")
    public.get("/akun/sso/pemprov-kalsel/")  # a real start, then a return it did not ask for
    back = public.get("/akun/sso/pemprov-kalsel/kembali/?code=dicuri&state=palsu")
    assert back["Location"] == "/akun/masuk/"
    assert "gagal" in public.get("/akun/masuk/").content.decode()
    assert public.get("/akun/daerah-saya/").status_code == 302


def test_single_sign_on_is_on_the_public_site_only(kalsel_sso, region_a):
    assert Client(HTTP_HOST="banjar.localhost").get("/akun/sso/pemprov-kalsel/").status_code == 404
