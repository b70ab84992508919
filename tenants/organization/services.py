"""Writes to a region's OPD units. Every function runs in the schema of `region` and records an
audit event in the public schema in the same transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, require
from core.audit import EventType, record_event
from core.errors import DuplicateError
from pipeline.services import record
from tenants.organization.models import Facilitator, OpdUnit
from tenants.organization.standard_units import standard_units

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

EDITABLE_FIELDS = ("name", "short_name", "kind", "head_name", "contact_email", "contact_phone")
FACILITATOR_FIELDS = ("name", "position", "nip", "email", "phone")


def opd_unit_create(*, region: Region, actor: User, data: dict[str, Any]) -> OpdUnit:
    require(actor, Action.MANAGE_OPD, region)
    with tenant_context(region), transaction.atomic():
        unit = OpdUnit(**{key: data[key] for key in EDITABLE_FIELDS if key in data})
        _save_unit(unit)
        record_event(
            EventType.OPD_CREATED,
            actor=actor,
            region=region,
            data={"id": unit.pk, "name": unit.name},
        )
    return unit


def opd_unit_update(*, region: Region, actor: User, unit: OpdUnit, data: dict[str, Any]) -> OpdUnit:
    require(actor, Action.MANAGE_OPD, region)
    with tenant_context(region), transaction.atomic():
        changes = {}
        for key in EDITABLE_FIELDS:
            if key in data and getattr(unit, key) != data[key]:
                changes[key] = [getattr(unit, key), data[key]]
                setattr(unit, key, data[key])
        if changes:
            _save_unit(unit)
            record_event(
                EventType.OPD_UPDATED,
                actor=actor,
                region=region,
                data={"id": unit.pk, "changes": changes},
            )
            if "name" in changes:
                # Published innovations show their OPD's name in the national catalog.
                record("catalog.region", region=region)
    return unit


def opd_unit_delete(*, region: Region, actor: User, unit: OpdUnit) -> None:
    require(actor, Action.MANAGE_OPD, region)
    with tenant_context(region), transaction.atomic():
        from accounts.models import Membership

        if Membership.objects.filter(region=region, opd_id=unit.pk).exists():
            raise ValidationError(
                _("OPD ini masih memiliki operator. Pindahkan atau hapus operatornya dulu.")
            )
        record_event(
            EventType.OPD_DELETED,
            actor=actor,
            region=region,
            data={"id": unit.pk, "name": unit.name},
        )
        unit.delete()


def opd_add_standard_units(*, region: Region, actor: User | None = None) -> int:
    """Add the usual perangkat daerah of the region's kind that it does not have yet (matched by
    name, case-insensitively). Returns how many were added; running it again adds none."""
    if actor is not None:
        require(actor, Action.MANAGE_OPD, region)
    with tenant_context(region), transaction.atomic():
        before = OpdUnit.objects.count()
        # Conflicts are skipped, not raised: the activation effect may be adding the same list.
        OpdUnit.objects.bulk_create(
            [
                OpdUnit(name=unit.name, short_name=unit.short_name, kind=unit.kind)
                for unit in standard_units(region.kind)
            ],
            ignore_conflicts=True,
        )
        added = OpdUnit.objects.count() - before
        if added:
            record_event(
                EventType.OPD_STANDARD_LIST_ADDED,
                actor=actor,
                region=region,
                data={"added": added},
            )
    return added


def apply_standard_units(job: Any) -> None:
    """The `organization.standard_units` effect of an activation: a new region starts with the
    standard list of its kind, so its first import finds its OPDs. A region that already has
    units (the admin or the demo was first) is left as it is."""
    region = job.region
    if region is None or not region.is_active:
        return
    with tenant_context(region):
        if OpdUnit.objects.exists():
            return
    opd_add_standard_units(region=region)


def facilitator_create(
    *, region: Region, actor: User, opd: OpdUnit, data: dict[str, Any]
) -> Facilitator:
    """Add a fasilitator inovasi to `opd` (an OPD of `region`)."""
    require(actor, Action.MANAGE_OPD, region)
    with tenant_context(region), transaction.atomic():
        facilitator = Facilitator(
            opd=opd, **{key: data[key] for key in FACILITATOR_FIELDS if key in data}
        )
        facilitator.full_clean()
        facilitator.save()
        record_event(
            EventType.FACILITATOR_CREATED,
            actor=actor,
            region=region,
            data={"id": facilitator.pk, "opd_id": opd.pk, "name": facilitator.name},
        )
    return facilitator


def facilitator_update(
    *, region: Region, actor: User, facilitator: Facilitator, data: dict[str, Any]
) -> Facilitator:
    """Change a facilitator's fields; `data` may also name another OPD as "opd" (an OpdUnit)."""
    require(actor, Action.MANAGE_OPD, region)
    with tenant_context(region), transaction.atomic():
        changes: dict[str, list[Any]] = {}
        for key in FACILITATOR_FIELDS:
            if key in data and getattr(facilitator, key) != data[key]:
                changes[key] = [getattr(facilitator, key), data[key]]
                setattr(facilitator, key, data[key])
        new_opd = data.get("opd")
        if new_opd is not None and new_opd.pk != facilitator.opd_id:
            changes["opd_id"] = [facilitator.opd_id, new_opd.pk]
            facilitator.opd = new_opd
        if changes:
            facilitator.full_clean()
            facilitator.save()
            record_event(
                EventType.FACILITATOR_UPDATED,
                actor=actor,
                region=region,
                data={"id": facilitator.pk, "changes": changes},
            )
    return facilitator


def facilitator_delete(*, region: Region, actor: User, facilitator: Facilitator) -> None:
    require(actor, Action.MANAGE_OPD, region)
    with tenant_context(region), transaction.atomic():
        record_event(
            EventType.FACILITATOR_DELETED,
            actor=actor,
            region=region,
            data={"id": facilitator.pk, "opd_id": facilitator.opd_id, "name": facilitator.name},
        )
        facilitator.delete()


def _save_unit(unit: OpdUnit) -> None:
    unit.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:
        raise DuplicateError({"name": _("Nama OPD ini sudah ada di daerah Anda.")}) from exc
