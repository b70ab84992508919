"""Writes of OPD reporting: a region's own target for a year, and reminders to the operators of
the OPDs that lag behind it. Both are Bappeda's programme work (Action.MANAGE_PROGRAMME)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role
from accounts.policy import Action, require
from core.notices import notify
from pipeline.services import record
from tenants.history.models import Change
from tenants.history.services import record_row_change
from tenants.organization.models import OpdUnit
from tenants.reporting.defaults import default_target
from tenants.reporting.models import Reminder, ReportingTarget
from tenants.reporting.selectors import OpdStatus, year_reporting

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

# Marked for extraction here, translated per recipient when the notice is delivered.
REMINDER_TITLES = {
    OpdStatus.NONE: gettext_noop(
        "Pengingat pelaporan inovasi %(year)s: %(opd)s belum melaporkan inovasi "
        "(target %(target)s inovasi per OPD)"
    ),
    OpdStatus.BELOW_TARGET: gettext_noop(
        "Pengingat pelaporan inovasi %(year)s: %(opd)s baru melaporkan %(reported)s "
        "dari target %(target)s inovasi"
    ),
    OpdStatus.ONLY_UNVERIFIED: gettext_noop(
        "Pengingat pelaporan inovasi %(year)s: inovasi %(opd)s belum terverifikasi, "
        "lengkapi bukti dukungnya"
    ),
}
MAX_TARGET = 50


# The budget years a target can be set for (the IID began in 2018; a plan looks a few years on).
FIRST_YEAR, LAST_YEAR = 2018, 2100


def set_target(
    *,
    region: Region,
    actor: User | None,
    year: int,
    minimum: int,
    note: str = "",
    demo: bool = False,
) -> ReportingTarget | None:
    """The region's target for `year`. Stored only when it says something the default does not
    (another number, or the decision it rests on); back to the default, the row goes."""
    if actor is not None:
        require(actor, Action.MANAGE_PROGRAMME, region)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Tahun harus antara %(first)d dan %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if not 1 <= minimum <= MAX_TARGET:
        raise ValidationError(
            _("Target harus antara 1 dan %(max)d inovasi per OPD.") % {"max": MAX_TARGET}
        )
    note = note.strip()[:500]
    with tenant_context(region), transaction.atomic():
        # The year's target always is (the default when no row): the feed says it changed.
        record_row_change(
            actor=actor,
            subject=Change.Subject.REPORTING_TARGET,
            action="updated",
            subject_id=year,
            summary=f"{year}: {minimum}",
        )
        if minimum == default_target().min_innovations_per_opd and not note:
            ReportingTarget.objects.filter(year=year).delete()
            return None
        target, _created = ReportingTarget.objects.update_or_create(
            year=year,
            defaults={
                "min_innovations_per_opd": minimum,
                "note": note,
                "is_demo": demo,
                "updated_by_id": actor.pk if actor is not None else None,
            },
        )
        return target


@dataclass
class ReminderResult:
    opds: int = 0  # OPDs reminded now
    people: int = 0  # operators told
    emailed: int = 0  # OPD contact addresses (the head's office) written to
    already: int = 0  # lagging OPDs already reminded today
    without_operator: list[str] = field(default_factory=list)  # lagging OPDs nobody operates


def send_reminders(
    *,
    region: Region,
    actor: User | None,
    year: int,
    opd_ids: list[int] | None = None,
    today: date | None = None,
) -> ReminderResult:
    """Remind the operators of every lagging OPD (or of those of `opd_ids` that lag) through
    the region's notices: once per OPD, year and day. Those who chose the daily digest get it
    in their digest, as any other notification."""
    if actor is not None:
        require(actor, Action.MANAGE_PROGRAMME, region)
    today = today or timezone.localdate()
    result = ReminderResult()
    with tenant_context(region), transaction.atomic():
        reporting = year_reporting(year, opd_ids=opd_ids)
        lagging = reporting.lagging
        operators: dict[int, list[int]] = {}
        for opd_id, user_id in Membership.objects.filter(
            region_id=region.pk,
            role=Role.OPD_OPERATOR,
            opd_id__in=[row.opd_id for row in lagging],
            user__is_active=True,
        ).values_list("opd_id", "user_id"):
            if opd_id is not None:  # the filter names OPDs; the column itself is nullable
                operators.setdefault(opd_id, []).append(user_id)
        done_today = set(
            Reminder.objects.filter(year=year, sent_on=today).values_list("opd_id", flat=True)
        )
        path = reverse("innovations:list", urlconf="lumbung.urls_region")
        target = reporting.target.min_innovations_per_opd
        # The head of an OPD has no account: the OPD's contact address (its office) is how the
        # head hears about it.
        contact = dict(
            OpdUnit.objects.filter(pk__in=[row.opd_id for row in lagging])
            .exclude(contact_email="")
            .values_list("pk", "contact_email")
        )
        for row in lagging:
            if row.opd_id in done_today:
                result.already += 1
                continue
            user_ids = operators.get(row.opd_id, [])
            address = contact.get(row.opd_id, "")
            if not user_ids:
                result.without_operator.append(row.name)
            if not user_ids and not address:
                continue
            Reminder.objects.create(
                opd_id=row.opd_id,
                year=year,
                sent_on=today,
                status=row.status,
                recipients=len(user_ids) + bool(address),
                sent_by_id=actor.pk if actor is not None else None,
            )
            source = f"reporting:{region.pk}:{row.opd_id}:{year}:{today:%Y%m%d}"
            if address:
                record(
                    "reporting.opd_email",
                    region=region,
                    target=source,
                    payload={
                        "to": address,
                        "opd": row.name,
                        "status": row.status,
                        "year": year,
                        "reported": row.reported,
                        "target": target,
                    },
                )
                result.emailed += 1
            if not user_ids:
                result.opds += 1
                continue
            notify(
                region=region,
                user_ids=user_ids,
                kind="reporting.reminder",
                title=REMINDER_TITLES[OpdStatus(row.status)],
                params={
                    "year": year,
                    "opd": row.short_name or row.name,
                    "reported": row.reported,
                    "target": target,
                },
                path=path,
                source=source,
            )
            result.opds += 1
            result.people += len(user_ids)
    return result
