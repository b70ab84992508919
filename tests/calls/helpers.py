"""Building calls for tests through the real services."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.calls import services
from tenants.calls.models import Call, Submission
from tenants.calls.submissions import submit
from tests.conftest import make_member


def call_data(**overrides) -> dict:
    today = timezone.localdate()
    return {
        "title": "Penjaringan Inovasi Daerah 2026",
        "description": "Lomba Krenova kabupaten.",
        "categories": ["health", "ict", "agribusiness_food_security"],
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=30),
        "submitter_kinds": ["public", "student", "asn", "opd"],
        "max_team_size": 5,
        **overrides,
    }


def open_call(region, admin, **overrides) -> Call:
    call = services.call_create(region=region, actor=admin, data=call_data(**overrides))
    return services.take_step(region=region, actor=admin, call=call, step="open")


def public_submission(region, call, title: str = "Lumbung pangan desa", **overrides) -> Submission:
    with tenant_context(region):
        call = Call.objects.get(pk=call.pk)
    return submit(
        region=region,
        call=call,
        data={
            "submitter_kind": "public",
            "contact_name": "Siti Aminah",
            "contact_email": "siti@contoh.test",
            "contact_phone": "0812000000",
            "team_members": ["Budi", "Rina"],
            "title": title,
            "category": "agribusiness_food_security",
            "problem": "Harga gabah jatuh saat panen raya.",
            "solution": "Lumbung pangan desa dengan pencatatan stok daring.",
            **overrides,
        },
    )


def seat_jurors(region, admin, call, count: int = 2) -> list:
    """`count` members with the jury role, seated on the call's jury."""
    people = []
    for index in range(count):
        user = make_member(region, Role.JURY, f"juri{index}@{region.slug}.test")
        services.jury_add(
            region=region,
            actor=admin,
            call=call,
            user=user,
            affiliation_kind=("government", "academia", "practitioner", "media")[index % 4],
        )
        people.append(user)
    return people
