"""Loading the demo: idempotent, so `scripts/run` can call it on every start."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django_tenants.utils import tenant_context

from accounts.models import Membership, User
from lumbung.demo.calls import seed_calls
from lumbung.demo.effects import settle_demo_effects, watermark
from lumbung.demo.ideas_lab import seed_ideas_and_lab
from lumbung.demo.innovations import seed_innovations
from lumbung.demo.people import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    DEMO_REGIONS,
    PLATFORM_ADMIN,
    PLATFORM_ADMIN_TOTP_KEY,
    demo_email,
)
from lumbung.demo.programme import seed_programme
from lumbung.demo.replication import seed_replication
from regions.activation import activate_regions
from regions.models import Region
from tenants.organization.services import opd_add_standard_units


@dataclass
class DemoReport:
    regions_activated: int = 0
    users_created: int = 0
    memberships_created: int = 0
    opd_units_added: int = 0
    innovations_created: int = 0
    evidence_added: int = 0
    publications_created: int = 0
    requests_created: int = 0
    harvesting_rows: int = 0  # calls, ideas, lab, programme and discussions
    skipped: list[str] = field(default_factory=list)  # demo steps left out, and why


def seed_demo() -> DemoReport:
    report = DemoReport()
    since = watermark()
    regions = {region.slug: region for region in Region.objects.filter(slug__in=DEMO_REGIONS)}
    report.regions_activated = activate_regions(list(regions.values())).changed
    for region in regions.values():
        region.refresh_from_db()
        report.opd_units_added += opd_add_standard_units(region=region)

    with transaction.atomic():
        local, name, position = PLATFORM_ADMIN
        admin, created = _user(local, name, position)
        if not admin.is_superuser:
            admin.is_superuser = admin.is_staff = True
            admin.save(update_fields=["is_superuser", "is_staff"])
        _demo_authenticator(admin)
        report.users_created += created
        for local, name, position, slug, role, opd_short in DEMO_PEOPLE:
            user, created = _user(local, name, position)
            report.users_created += created
            region = regions[slug]
            opd_id = _opd_id(region, opd_short) if opd_short else None
            _membership, created = Membership.objects.get_or_create(
                user=user, region=region, defaults={"role": role, "opd_id": opd_id}
            )
            report.memberships_created += created

    # After the users exist, so the innovations' history names the demo people who made them.
    seeded = seed_innovations(regions.values())
    report.innovations_created = seeded.innovations_created
    report.evidence_added = seeded.evidence
    # After the innovations exist and are verified: the catalog and the replication network.
    network = seed_replication(regions.values())
    report.publications_created = network.publications
    report.requests_created = network.requests
    report.innovations_created += network.replicas
    report.skipped = network.skipped
    # Harvesting and the habit (issue #16), after the people and innovations they refer to: a
    # call with its jury result, an idea adopted into the lab, commitments, a workshop, a
    # discussion and a reporting target.
    report.harvesting_rows = (
        seed_calls(regions.values())
        + seed_ideas_and_lab(regions.values())
        + seed_programme(regions.values())
    )
    # What all that caused elsewhere (catalog, snapshots, notifications), applied now, without
    # e-mailing anybody about the demo's history.
    settle_demo_effects(since)
    return report


def _demo_authenticator(admin: User) -> None:
    """The demo platform admin's second factor, with the published demo key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.update_or_create(
        user=admin,
        name="authenticator",
        defaults={"key": PLATFORM_ADMIN_TOTP_KEY, "confirmed": True},
    )


def _user(local: str, full_name: str, position: str) -> tuple[User, bool]:
    user = User.objects.filter(email=demo_email(local)).first()
    if user is not None:
        return user, False
    return User.objects.create_user(
        email=demo_email(local), password=DEMO_PASSWORD, full_name=full_name, position=position
    ), True


def _opd_id(region: Region, short_name: str) -> int:
    from tenants.organization.models import OpdUnit

    with tenant_context(region):
        return OpdUnit.objects.get(short_name=short_name).pk
