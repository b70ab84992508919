"""Shared fixtures.

The test database is created once (and kept between runs with --reuse-db); the regions the tests
use are activated once per session, committed, so every test reuses their schemas. Each test
then runs inside a transaction that is rolled back, in the public and the region schemas alike.

Personas, healthchecks-style:
  Banjar (region A): admin_a, verifier_a, operator_a (OPD Dinas Kesehatan), leader_a
  Tanah Bumbu (region B): admin_b
  Provinsi Kalimantan Selatan: province_viewer
  outsider: signed in, member of nothing; platform_admin: the operator.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

PASSWORD = "Sandi-Uji-Coba-2026"
REGION_A, REGION_B, PROVINCE = "banjar", "tanah-bumbu", "provinsi-kalimantan-selatan"
# Mandailing Natal is active too, so tests see a region of another province.
SESSION_REGIONS = (REGION_A, REGION_B, PROVINCE, "mandailing-natal")


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """Always set up the test database, even when the only tests selected (worker, browser) use
    committed data instead of the `db` fixture; pytest-django would otherwise leave them on the
    development database."""
    from django.test.utils import setup_databases, teardown_databases

    from regions.activation import activate_regions
    from regions.models import Region

    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=keepdb,
            aliases={"default"},
        )
        assert_test_database()
        activate_regions(Region.objects.filter(slug__in=SESSION_REGIONS))
        # An activation owes effects (a new region's standard OPD list); the session's regions
        # are fixtures that start empty, so no live worker of a later test may apply them.
        from pipeline.models import PendingEffect

        PendingEffect.objects.all().delete()
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


def assert_test_database() -> None:
    name = connection.settings_dict["NAME"]
    assert name.startswith("test_"), f"refusing to touch non-test database {name!r}"


@pytest.fixture(scope="session", autouse=True)
def _empty_test_queue_at_the_end():
    """Tests that commit real changes queue real tasks (snapshot recomputes, e-mails) on the
    test queue; no worker serves it, so drop them when the session ends instead of leaving
    them in Redis."""
    yield
    import contextlib

    from django.conf import settings

    from lumbung.celery import app

    # An unreachable broker has nothing queued to drop.
    with contextlib.suppress(Exception), app.connection_for_write() as connection_:
        connection_.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)


@pytest.fixture(autouse=True)
def _no_pending_effects_from_other_tests(request):
    """Tests that commit (real processes, races) may leave pipeline rows behind; a test inside a
    transaction starts without them, so `apply_effects` applies only its own."""
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        from pipeline.models import PendingEffect

        PendingEffect.objects.all().delete()  # rolled back with the test


@pytest.fixture(scope="session", autouse=True)
def _no_committed_effects_at_the_end(django_db_setup, django_db_blocker):
    """What committed tests recorded is removed when the session ends (--reuse-db keeps the
    database for the next run, which must not inherit it)."""
    yield
    from pipeline.models import PendingEffect

    with django_db_blocker.unblock():
        # A fault test may have had PostgreSQL drop this process's connection: start afresh.
        connection.close()
        PendingEffect.objects.all().delete()


@pytest.fixture(autouse=True)
def _public_schema_after_each_test():
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request through the test client leaves its language active in the thread (the locale
    middleware activates, nothing deactivates): reset it, so no test depends on the order."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def region_by_slug(slug: str):
    from regions.models import Region

    return Region.objects.select_related("province").get(slug=slug)


@pytest.fixture
def region_a(db):
    return region_by_slug(REGION_A)


@pytest.fixture
def region_b(db):
    return region_by_slug(REGION_B)


@pytest.fixture
def province(db):
    return region_by_slug(PROVINCE)


def make_user(email: str, *, full_name: str = "Pengguna Uji", superuser: bool = False):
    from accounts.models import User

    if superuser:
        return User.objects.create_superuser(email=email, password=PASSWORD, full_name=full_name)
    return User.objects.create_user(email=email, password=PASSWORD, full_name=full_name)


def make_member(region, role: str, email: str, *, opd_id: int | None = None):
    from accounts.models import Membership

    user = make_user(email)
    Membership.objects.create(user=user, region=region, role=role, opd_id=opd_id)
    return user


def make_opd(region, name: str = "Dinas Kesehatan", **fields):
    from tenants.organization.models import OpdUnit

    with tenant_context(region):
        return OpdUnit.objects.create(name=name, **fields)


@dataclass
class Personas:
    admin_a: object
    verifier_a: object
    operator_a: object
    leader_a: object
    admin_b: object
    province_viewer: object
    outsider: object
    platform_admin: object
    opd_a: object


@pytest.fixture
def personas(region_a, region_b, province) -> Personas:
    from accounts.models import Role

    opd_a = make_opd(region_a, "Dinas Kesehatan", short_name="Dinkes")
    return Personas(
        admin_a=make_member(region_a, Role.REGION_ADMIN, "admin@banjar.test"),
        verifier_a=make_member(region_a, Role.VERIFIER, "verifikator@banjar.test"),
        operator_a=make_member(
            region_a, Role.OPD_OPERATOR, "operator@banjar.test", opd_id=opd_a.pk
        ),
        leader_a=make_member(region_a, Role.LEADER, "bupati@banjar.test"),
        admin_b=make_member(region_b, Role.REGION_ADMIN, "admin@tanahbumbu.test"),
        province_viewer=make_member(province, Role.PROVINCE_VIEWER, "pemantau@kalsel.test"),
        outsider=make_user("luar@example.test"),
        platform_admin=make_user("operator@platform.test", superuser=True),
        opd_a=opd_a,
    )


def pass_second_factor(client, user) -> None:
    """Sign `client`'s session past the second factor, as a platform admin's real sign-in is
    (accounts.two_factor): an authenticator device, and the session verified with it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def host_of(region) -> str:
    return f"{region.slug}.localhost" if region is not None else "localhost"


@pytest.fixture
def client_for():
    """client_for(user, region) -> a Django test client on that region's host (or the public
    site for region=None), signed in as `user` (or anonymous for user=None)."""

    def make(user, region=None) -> Client:
        client = Client(HTTP_HOST=host_of(region))
        if user is not None:
            client.force_login(user)
            if user.is_superuser:
                pass_second_factor(client, user)
        return client

    return make


def make_token(user, **options) -> str:
    """A new personal API token of `user` (accounts.personal_tokens.token_create's options:
    name, expires_in_days, region, read_only); returns its secret."""
    from accounts.personal_tokens import token_create

    return token_create(user=user, **{"name": "Token uji", **options})[1]


@pytest.fixture
def api_for():
    """api_for(user, region, token=False) -> a DRF client on that region's host, signed in by
    session, or with token=True by a new personal token of `user` sent as `Authorization:
    Bearer` (token="<secret>": that token, whoever `user` is; `scheme="Token"`: the older
    keyword)."""

    def make(user, region=None, *, token: bool | str = False, scheme: str = "Bearer") -> APIClient:
        client = APIClient(HTTP_HOST=host_of(region))
        if isinstance(token, str):
            client.credentials(HTTP_AUTHORIZATION=f"{scheme} {token}")
        elif user is not None:
            if token:
                client.credentials(HTTP_AUTHORIZATION=f"{scheme} {make_token(user)}")
            else:
                client.force_login(user)
                if user.is_superuser:
                    pass_second_factor(client, user)
        return client

    return make
