"""Writes to a region's OPD units. Every function runs in the schema of `region` and records, in
the same transaction, an audit event in the public schema and the change in the region's history
(what the API's change feed reads)."""

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
from tenants.history.models import Change
from tenants.history.services import record_deletion, record_row_change
from tenants.organization.models import Facilitator, OpdUnit
from tenants.organization.standard_units import standard_units

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

EDITABLE_FIELDS = ("name", "short_name", "kind", "head_name", "contact_email", "contact_phone")
FACILITATOR_FIELDS = ("name", "position", "nip", "email", "phone")


def opd_unit_create(*, region: Region, actor: User | None, data: dict[str, Any]) -> OpdUnit:
    """A new OPD unit; with no actor, the system's (an import run without one)."""
    if actor is not None:
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
        _record_unit(actor, unit, "created")
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
            _record_unit(actor, unit, "updated", changes)
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
        # Its facilitators, attendance and discussions go with it: each gets its tombstone.
        record_deletion(actor=actor, row=unit, summary=unit.name)
        unit.delete()


def opd_add_standard_units(*, region: Region, actor: User | None = None) -> int:
    """Add the usual perangkat daerah of the region's kind that it does not have yet (matched by
    name, case-insensitively). Returns how many were added; running it again adds none."""
    if actor is not None:
        require(actor, Action.MANAGE_OPD, region)
    with tenant_context(region), transaction.atomic():
        before = set(OpdUnit.objects.values_list("pk", flat=True))
        # Conflicts are skipped, not raised: the activation effect may be adding the same list.
        OpdUnit.objects.bulk_create(
            [
                OpdUnit(name=unit.name, short_name=unit.short_name, kind=unit.kind)
                for unit in standard_units(region.kind)
            ],
            ignore_conflicts=True,
        )
        # Rows skipped as conflicts get no pk back: the new ones are found by what was there.
        new_units = list(OpdUnit.objects.exclude(pk__in=before).order_by("pk"))
        for unit in new_units:
            _record_unit(actor, unit, "created")
        added = len(new_units)
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
        _record_facilitator(actor, facilitator, "created")
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
            _record_facilitator(actor, facilitator, "updated", changes)
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
        record_deletion(actor=actor, row=facilitator, summary=facilitator.name)
        facilitator.delete()


def _record_unit(
    actor: User | None, unit: OpdUnit, action: str, changes: dict[str, list[Any]] | None = None
) -> None:
    record_row_change(
        actor=actor,
        subject=Change.Subject.OPD_UNIT,
        action=action,
        subject_id=unit.pk,
        summary=unit.name,
        changes={key: (old, new) for key, (old, new) in (changes or {}).items()},
    )


def _record_facilitator(
    actor: User | None,
    facilitator: Facilitator,
    action: str,
    changes: dict[str, list[Any]] | None = None,
) -> None:
    record_row_change(
        actor=actor,
        subject=Change.Subject.FACILITATOR,
        action=action,
        subject_id=facilitator.pk,
        parent_id=facilitator.opd_id,
        summary=facilitator.name,
        changes={key: (old, new) for key, (old, new) in (changes or {}).items()},
    )


def _save_unit(unit: OpdUnit) -> None:
    unit.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:
        raise DuplicateError({"name": _("Nama OPD ini sudah ada di daerah Anda.")}) from exc
