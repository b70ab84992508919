"""Submitting to a call and objecting to a submission: what visitors (no account) and members do.
The public form's spam defences live in the view layer (tenants.calls.spam); these services
check the call's own rules: open, in its period, who may submit, the team size, the category, the
files."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tenants.utils import tenant_context

from accounts.policy import Action, can, members_who_may, membership_of
from core.files import files_removed_on_failure
from core.notices import notify
from tenants.assessment.evidence_files import check_upload
from tenants.calls import vocabulary
from tenants.calls.models import (
    Call,
    CallStatus,
    Objection,
    StageKind,
    Submission,
    SubmissionAttachment,
    SubmissionStatus,
)
from tenants.history.services import record_row

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region

ATTACHMENT_TYPES = ("pdf", "jpg", "jpeg", "png")
MAX_ATTACHMENTS = 3
# No 0/O, 1/I/L: a receipt is read aloud and typed from paper.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 8
SUBMISSION_FIELDS = (
    "submitter_kind",
    "contact_name",
    "contact_email",
    "contact_phone",
    "title",
    "category",
    "problem",
    "solution",
)


def new_receipt_number(year: int) -> str:
    """ "SYB-2026-7K3QX9MA": random, so one receipt tells nothing about the others."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return f"SYB-{year}-{code}"


def accepts_submissions(call: Call) -> bool:
    today = timezone.localdate()
    return call.status == CallStatus.OPEN and call.opens_on <= today <= call.closes_on


def kinds_for(user: User | AnonymousUser | None, region: Region, call: Call) -> list[str]:
    """The submitter kinds this person may choose on this call: visitors those that need no
    account, members who may submit to calls every kind the call allows."""
    allowed = vocabulary.kinds_without_account()
    if can(user, Action.SUBMIT_TO_CALLS, region):
        allowed = frozenset(vocabulary.codes("submitter_kinds"))
    return [kind for kind in call.submitter_kinds if kind in allowed]


def submit(
    *,
    region: Region,
    call: Call,
    data: dict[str, Any],
    uploads: Sequence[UploadedFile] = (),
    user: User | AnonymousUser | None = None,
) -> Submission:
    """A new submission with its receipt number; tells the call's managers."""
    errors: dict[str, str] = {}
    kind = data.get("submitter_kind", "")
    if kind not in kinds_for(user, region, call):
        errors["submitter_kind"] = _("Sayembara ini tidak menerima usulan dari pengusul ini.")
    team = [str(name).strip() for name in data.get("team_members", []) if str(name).strip()]
    if 1 + len(team) > call.max_team_size:
        errors["team_members"] = _("Tim paling banyak %(size)s orang, termasuk pengusul.") % {
            "size": call.max_team_size
        }
    if data.get("category") not in call.categories:
        errors["category"] = _("Pilih salah satu bidang sayembara ini.")
    opd = data.get("opd")
    membership = membership_of(user, region)
    # An OPD operator submits for their own OPD.
    own_opd = membership.opd_id if membership is not None else None
    if own_opd is not None and opd is not None and opd.pk != own_opd:
        errors["opd"] = _("Anda hanya dapat mengusulkan atas nama OPD Anda sendiri.")
    if kind == "opd" and opd is None:
        errors["opd"] = _("Pilih OPD pengusul.")
    if len(uploads) > MAX_ATTACHMENTS:
        errors["attachments"] = _("Paling banyak %(count)s lampiran.") % {"count": MAX_ATTACHMENTS}
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if not accepts_submissions(call):
            raise ValidationError(_("Sayembara ini sedang tidak menerima usulan."))
        submission = Submission(
            call=call,
            **{key: data[key] for key in SUBMISSION_FIELDS if key in data},
            team_members=team,
            opd=opd,
            submitter_user_id=user.pk if user is not None and user.is_authenticated else None,
        )
        submission.receipt_number = new_receipt_number(timezone.localdate().year)
        submission.full_clean(exclude=["receipt_number"])
        _save_with_fresh_receipt(submission)
        for upload in uploads:
            _attach(submission, upload, stored)
        record_row(
            actor=user if user is not None and user.is_authenticated else None,
            row=submission,
            action="created",
            summary=submission.title,
        )
        notify(
            region=region,
            user_ids=members_who_may(Action.MANAGE_CALLS, region).values_list("pk", flat=True),
            kind="calls.submission",
            title=gettext_noop("Usulan baru untuk sayembara %(call)s: %(title)s"),
            params={"call": call.title, "title": submission.title},
            path=reverse("calls:submission", args=[submission.pk]),
            source=f"calls:{region.code}:submission:{submission.pk}",
        )
    return submission


def _save_with_fresh_receipt(submission: Submission) -> None:
    """Save, drawing a new receipt number in the (astronomically rare) case it is taken."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                submission.save()
            return
        except IntegrityError:
            submission.pk = None
            submission.receipt_number = new_receipt_number(timezone.localdate().year)
    raise IntegrityError("no free receipt number")


def _attach(
    submission: Submission, upload: UploadedFile, stored: list[str]
) -> SubmissionAttachment:
    checked = check_upload(upload, ATTACHMENT_TYPES)
    name = upload.name
    assert name  # check_upload refuses a file without a name (it has no extension)
    attachment = SubmissionAttachment(
        submission=submission,
        original_name=name[:255],
        content_type=checked.content_type,
        size=checked.size,
    )
    attachment.file.save(name, upload, save=False)
    assert attachment.file.name is not None  # save() has set the stored name
    stored.append(attachment.file.name)
    attachment.save()
    return attachment


def attachment_add(
    *, region: Region, submission: Submission, upload: UploadedFile
) -> SubmissionAttachment:
    """One more file for a submission still open to them (the API's multipart endpoint)."""
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        if not accepts_submissions(submission.call):
            raise ValidationError(_("Sayembara ini sedang tidak menerima usulan."))
        if submission.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(
                _("Paling banyak %(count)s lampiran.") % {"count": MAX_ATTACHMENTS}
            )
        return _attach(submission, upload, stored)


def objection_file(*, region: Region, submission: Submission, data: dict[str, Any]) -> Objection:
    """Anyone may claim, during the objection period (uji publik), that a submission is not
    original; the call's managers decide."""
    with tenant_context(region), transaction.atomic():
        call = submission.call
        stage = call.current_stage
        if (
            call.status != CallStatus.JUDGING
            or stage is None
            or stage.kind != StageKind.OBJECTION_PERIOD
            or submission.status != SubmissionStatus.ACTIVE
        ):
            raise ValidationError(_("Sanggahan hanya dapat diajukan selama masa uji publik."))
        objection = Objection(
            submission=submission,
            claimant_name=data.get("claimant_name", ""),
            claimant_contact=data.get("claimant_contact", ""),
            reason=data.get("reason", ""),
        )
        objection.full_clean()
        objection.save()
        notify(
            region=region,
            user_ids=members_who_may(Action.MANAGE_CALLS, region).values_list("pk", flat=True),
            kind="calls.objection",
            title=gettext_noop("Sanggahan orisinalitas atas usulan %(title)s"),
            params={"title": submission.title},
            path=reverse("calls:submission", args=[submission.pk]),
            source=f"calls:{region.code}:objection:{objection.pk}",
        )
    return objection
