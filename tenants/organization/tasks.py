"""Background work on a region's OPD units. The task takes the region's schema name explicitly
and works inside it, whatever schema the worker used last."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import schema_context


@shared_task(name="organization.add_standard_units", acks_late=True)
def add_standard_units_task(schema_name: str, actor_id: int | None = None) -> dict[str, object]:
    from accounts.models import User
    from regions.models import Region
    from tenants.organization.services import opd_add_standard_units

    with schema_context("public"):
        region = Region.objects.get(schema_name=schema_name, is_active=True)
        actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    added = opd_add_standard_units(region=region, actor=actor)
    with schema_context(schema_name):
        from tenants.organization.models import OpdUnit

        total = OpdUnit.objects.count()
    return {"schema": schema_name, "added": added, "total": total}
