"""Writes to innovation profiles. Every function checks the actor's permission through the
policy, runs in the region's schema, and records the change in the history in the same
transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, require
from core.errors import DuplicateError
from core.partial_dates import DatePrecision
from rubric.models import GovernmentAffair
from rubric.years import current_year
from tenants.assessment.models import Report, ReportStatus
from tenants.history.models import Change
from tenants.history.services import record_cascade, record_change, record_changes
from tenants.innovations.models import Innovation
from tenants.innovations.profile import DATE_FIELDS, FILE_FIELDS, STORED_FIELDS
from tenants.innovations.validation import consistency_errors
from tenants.organization.models import OpdUnit

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


def _with_precisions(data: dict[str, Any], stored: Innovation | None = None) -> dict[str, Any]:
    """A date sent again unchanged keeps how it was written; a new one without a precision is a
    day."""
    data = dict(data)
    for field in DATE_FIELDS:
        key = f"{field}_precision"
        if field in data and key not in data:
            unchanged = stored is not None and getattr(stored, field) == data[field]
            data[key] = getattr(stored, key) if unchanged else DatePrecision.DAY
    return data


def innovation_create(
    *, region: Region, actor: User | None, data: dict[str, Any], year: int | None = None
) -> Innovation:
    """A new innovation with its report for `year` (default: the current assessment year)."""
    if actor is not None:
        require(actor, Action.EDIT_INNOVATION, region, opd_id=_opd_id(data.get("opd")))
    data = _with_precisions(data)
    with tenant_context(region), transaction.atomic():
        _check(data)
        innovation = Innovation(
            created_by_id=actor.pk if actor is not None and actor.is_authenticated else None
        )
        for key in STORED_FIELDS:
            if key in data and not (key in FILE_FIELDS and not data[key]):
                setattr(innovation, key, data[key])
        _save(innovation)
        report = Report.objects.create(innovation=innovation, year=year or current_year())
        record_change(
            region=region,
            actor=actor,
            subject=Change.Subject.INNOVATION,
            action="created",
            innovation=innovation,
            year=report.year,
            subject_id=innovation.pk,
            summary=_("Inovasi dibuat"),
        )
    return innovation


class RowInvalid(ValidationError):
    """One of many new innovations is invalid: `index` says which (its position in the list)."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.messages)
        self.index = index


def innovations_create_many(
    *, region: Region, actor: User | None, rows: list[dict[str, Any]], year: int | None = None
) -> list[Innovation]:
    """Many new innovations at once (an import): per row the permission and the validation of
    innovation_create, then one INSERT per table (innovations, their reports, their history
    rows), and the region's change announced once. All or none."""
    if not rows:
        return []
    year = year or current_year()
    if actor is not None:
        for opd_id in {_opd_id(data.get("opd")) for data in rows}:
            require(actor, Action.EDIT_INNOVATION, region, opd_id=opd_id)
    created_by = actor.pk if actor is not None and actor.is_authenticated else None
    with tenant_context(region), transaction.atomic():
        affair_codes = set(GovernmentAffair.objects.values_list("code", flat=True))
        innovations = []
        for index, data in enumerate(rows):
            data = _with_precisions(data)
            innovation = Innovation(created_by_id=created_by)
            for key in STORED_FIELDS:
                if key in data and not (key in FILE_FIELDS and not data[key]):
                    setattr(innovation, key, data[key])
            try:
                errors = consistency_errors(data, affair_codes=affair_codes)
                if errors:
                    raise ValidationError(errors)
                if not isinstance(data.get("opd"), OpdUnit) or data["opd"].pk is None:
                    raise ValidationError({"opd": _("OPD tidak dikenal.")})
                # The OPD is a stored unit (checked above) and public_id a fresh uuid4: no
                # lookup per row.
                innovation.full_clean(validate_constraints=False, exclude=["opd", "public_id"])
            except ValidationError as exc:
                raise RowInvalid(index, exc) from exc
            innovations.append(innovation)
        try:
            with transaction.atomic():
                Innovation.objects.bulk_create(innovations)
        except IntegrityError as exc:
            # A name taken meanwhile: say which row (the first whose name is now stored).
            taken = {
                (opd_id, name.lower())
                for opd_id, name in Innovation.objects.filter(
                    opd__in={innovation.opd_id for innovation in innovations}
                ).values_list("opd_id", "name")
            }
            index = next(
                (
                    position
                    for position, innovation in enumerate(innovations)
                    if (innovation.opd_id, innovation.name.lower()) in taken
                ),
                0,
            )
            raise RowInvalid(
                index,
                DuplicateError(
                    {"name": _("OPD ini sudah memiliki inovasi dengan nama yang sama.")}
                ),
            ) from exc
        Report.objects.bulk_create(
            Report(innovation=innovation, year=year) for innovation in innovations
        )
        record_changes(
            region=region,
            actor=actor,
            subject=Change.Subject.INNOVATION,
            action="created",
            items=[(innovation, year, _("Inovasi dibuat")) for innovation in innovations],
        )
    return innovations


def innovation_update(
    *, region: Region, actor: User | None, innovation: Innovation, data: dict[str, Any]
) -> dict[str, list[Any]]:
    """Apply `data` to the profile; returns the changes {field: [old, new]}. A profile whose
    current report is submitted or verified cannot change until it is returned."""
    if actor is not None:
        require(actor, Action.EDIT_INNOVATION, region, opd_id=innovation.opd_id)
        if "opd" in data:
            require(actor, Action.EDIT_INNOVATION, region, opd_id=_opd_id(data["opd"]))
    with tenant_context(region), transaction.atomic():
        innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
        ensure_editable(innovation)
        data = _with_precisions(data, innovation)
        merged = {key: getattr(innovation, key) for key in STORED_FIELDS} | data
        _check(merged)
        changes: dict[str, list[Any]] = {}
        for key in STORED_FIELDS:
            if key not in data:
                continue
            new = data[key]
            if key in FILE_FIELDS and not new:
                continue  # an empty upload keeps the stored document
            old = getattr(innovation, key)
            if key == "opd":
                same = old.pk == getattr(new, "pk", new)
            elif key in FILE_FIELDS:
                same = False
            else:
                same = old == new
            if not same:
                changes[key] = [old, new]
                setattr(innovation, key, new)
        if changes:
            _save(innovation)
            record_change(
                region=region,
                actor=actor,
                subject=Change.Subject.INNOVATION,
                action="updated",
                innovation=innovation,
                subject_id=innovation.pk,
                summary=_("Profil diubah: %(fields)s") % {"fields": ", ".join(changes)},
                changes=changes,
            )
    return changes


def innovation_delete(*, region: Region, actor: User | None, innovation: Innovation) -> None:
    """Delete an innovation that was never submitted (a mistake); submitted ones stay on record."""
    if actor is not None:
        require(actor, Action.EDIT_INNOVATION, region, opd_id=innovation.opd_id)
    with tenant_context(region), transaction.atomic():
        if innovation.reports.exclude(status=ReportStatus.DRAFT).exists():
            raise ValidationError(
                _("Inovasi yang pernah diajukan tidak dapat dihapus; riwayatnya tetap disimpan.")
            )
        record_change(
            region=region,
            actor=actor,
            subject=Change.Subject.INNOVATION,
            action="deleted",
            innovation=innovation,
            subject_id=innovation.pk,
            summary=_("Inovasi dihapus"),
        )
        # Its draft reports, answers and evidence go with it (each gets a tombstone); a lab
        # project it came from forgets it (SET_NULL): the feed says so.
        record_cascade(actor=actor, row=innovation)
        innovation.delete()


def ensure_editable(innovation: Innovation, year: int | None = None) -> None:
    report = innovation.reports.filter(year=year or current_year()).first()
    if report is not None and report.is_locked:
        raise ValidationError(
            _(
                "Inovasi ini sedang %(status)s dan tidak dapat diubah sampai dikembalikan oleh verifikator."
            )
            % {"status": report.get_status_display().lower()}
        )


def _opd_id(opd: Any) -> int | None:
    return getattr(opd, "pk", opd)


def _check(data: dict[str, Any]) -> None:
    errors = consistency_errors(data)
    if errors:
        raise ValidationError(errors)


def _save(innovation: Innovation) -> None:
    innovation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            innovation.save()
    except IntegrityError as exc:
        raise DuplicateError(
            {"name": _("OPD ini sudah memiliki inovasi dengan nama yang sama.")}
        ) from exc
