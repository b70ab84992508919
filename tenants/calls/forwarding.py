"""Forwarding a kabupaten/kota's winners to its province's call (the province is a region too,
with its own schema): the region admin chooses one of the province's open calls; the effect
`calls.forward` (pipeline) copies the submission with its attachments into the province's schema
after the commit, where the province's jury judges it like any other. The copy is keyed by the
source region's code and the receipt number, so running the effect again adds nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tenants.utils import tenant_context

from accounts.policy import Action, members_who_may, require
from core.audit import record_event
from core.files import files_removed_on_failure
from core.notices import notify
from pipeline.services import record
from tenants.calls.models import (
    Call,
    CallStatus,
    Submission,
    SubmissionAttachment,
    SubmissionStatus,
)
from tenants.calls.submissions import new_receipt_number
from tenants.history.services import record_row

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

EFFECT = "calls.forward"
COPIED_FIELDS = (
    "submitter_kind",
    "contact_name",
    "contact_email",
    "contact_phone",
    "team_members",
    "title",
    "category",
    "problem",
    "solution",
)


def province_of(region: Region) -> Region | None:
    """The active province above a kabupaten/kota (None for a province or an inactive one)."""
    province = region.province
    if region.is_province or province is None or not province.is_active:
        return None
    return province


def province_open_calls(region: Region) -> list[tuple[int, str]]:
    """(id, title) of the calls of the region's province that accept forwarded winners."""
    province = province_of(region)
    if province is None:
        return []
    with tenant_context(province):
        return list(
            Call.objects.filter(status=CallStatus.OPEN)
            .order_by("-opens_on")
            .values_list("pk", "title")
        )


def forward(*, region: Region, actor: User | None, submission: Submission, call_id: int) -> None:
    """Promise the copy of a winner into the province's open call `call_id`."""
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    province = province_of(region)
    if province is None:
        raise ValidationError(
            _("Daerah ini tidak memiliki provinsi aktif untuk meneruskan usulan.")
        )
    if call_id not in {pk for pk, _title in province_open_calls(region)}:
        raise ValidationError(_("Sayembara provinsi itu tidak sedang menerima usulan."))
    with tenant_context(region), transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != SubmissionStatus.WINNER:
            raise ValidationError(_("Hanya pemenang yang dapat diteruskan ke provinsi."))
        if submission.forwarded_to_call_id == call_id:
            return
        submission.forwarded_to_call_id = call_id
        submission.save(update_fields=["forwarded_to_call_id"])
        record_row(actor=actor, row=submission, action="updated", summary=submission.title)
        record(
            EFFECT,
            region=region,
            target=f"{region.code}:{submission.receipt_number}:{call_id}",
            payload={"submission_id": submission.pk, "call_id": call_id},
        )
        record_event(
            "call.forwarded",
            actor=actor,
            region=region,
            data={"submission": submission.pk, "province": province.pk, "call": call_id},
        )


def apply(job: Any) -> None:
    """The `calls.forward` effect: copy each forwarded submission into the province's call,
    unless a copy with the same origin is already there."""
    region = job.region
    if region is None or not region.is_active:
        return
    province = province_of(region)
    if province is None:
        return
    for payload in {(p["submission_id"], p["call_id"]) for p in job.payloads}:
        _copy(region, province, *payload)


def _copy(region: Region, province: Region, submission_id: int, call_id: int) -> None:
    with tenant_context(region):
        source = Submission.objects.filter(pk=submission_id).select_related("opd").first()
        if source is None:
            return
        fields = {key: getattr(source, key) for key in COPIED_FIELDS}
        opd_name = source.opd.name if source.opd else ""
        files = []
        for attachment in source.attachments.all():
            with attachment.file.open("rb") as handle:
                files.append((attachment, handle.read()))
    with files_removed_on_failure() as stored, tenant_context(province), transaction.atomic():
        call = Call.objects.select_for_update().filter(pk=call_id).first()
        if call is None or call.status in (CallStatus.DRAFT, CallStatus.CLOSED):
            return
        if Submission.objects.filter(
            call=call,
            forwarded_from_region_code=region.code,
            forwarded_from_receipt=source.receipt_number,
        ).exists():
            return
        if opd_name:
            fields["solution"] = _("%(solution)s\n\n(OPD pengusul di %(region)s: %(opd)s)") % {
                "solution": fields["solution"],
                "region": region.display_name,
                "opd": opd_name,
            }
        copy = Submission.objects.create(
            call=call,
            **fields,
            receipt_number=new_receipt_number(timezone.localdate().year),
            current_stage=call.current_stage if call.status == CallStatus.JUDGING else None,
            forwarded_from_region_code=region.code,
            forwarded_from_receipt=source.receipt_number,
        )
        for attachment, content in files:
            twin = SubmissionAttachment(
                submission=copy,
                original_name=attachment.original_name,
                content_type=attachment.content_type,
                size=attachment.size,
            )
            twin.file.save(attachment.original_name or "lampiran", ContentFile(content), save=False)
            assert twin.file.name is not None
            stored.append(twin.file.name)
            twin.save()
        # In the province's history: the copy is a row of its call's submissions.
        record_row(actor=None, row=copy, action="created", summary=copy.title)
        notify(
            region=province,
            user_ids=members_who_may(Action.MANAGE_CALLS, province).values_list("pk", flat=True),
            kind="calls.forwarded",
            title=gettext_noop(
                "%(region)s meneruskan pemenangnya ke sayembara %(call)s: %(title)s"
            ),
            params={"region": region.display_name, "call": call.title, "title": copy.title},
            path=reverse("calls:submission", args=[copy.pk]),
            source=f"calls:{province.code}:submission:{copy.pk}",
        )
