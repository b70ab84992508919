"""Who may open which call object; pages and the API load objects through here. What is not
theirs answers 404, so ids are not confirmed. Call inside the region's schema.

- Visitors see calls that are not drafts; never a submission's personal data.
- MANAGE_CALLS manages every call and submission.
- JUDGE_CALLS plus a seat on the call's jury: that call's submissions under review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from accounts.policy import Action, can, require
from tenants.calls.models import Call, CallStatus, JuryMember, Submission, SubmissionAttachment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region


def public_call(pk: int) -> Call:
    """A call visitors may see (any but a draft), else 404."""
    call = Call.objects.exclude(status=CallStatus.DRAFT).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def managed_call(user: User | AnonymousUser, region: Region, pk: int) -> Call:
    require(user, Action.MANAGE_CALLS, region)
    call = Call.objects.filter(pk=pk).select_related("current_stage").first()
    if call is None:
        raise Http404
    return call


def managed_submission(user: User | AnonymousUser, region: Region, pk: int) -> Submission:
    require(user, Action.MANAGE_CALLS, region)
    submission = (
        Submission.objects.filter(pk=pk).select_related("call__current_stage", "opd").first()
    )
    if submission is None:
        raise Http404
    return submission


def jury_seat(user: User | AnonymousUser, region: Region, call_pk: int) -> JuryMember:
    """The user's seat on the jury of call `call_pk`, else 404 (403 without JUDGE_CALLS)."""
    require(user, Action.JUDGE_CALLS, region)
    assert user.pk is not None  # require() refuses anonymous visitors
    seat = (
        JuryMember.objects.filter(call_id=call_pk, user_id=user.pk)
        .exclude(call__status=CallStatus.DRAFT)
        .select_related("call__current_stage")
        .first()
    )
    if seat is None:
        raise Http404
    return seat


def judged_submission(
    user: User | AnonymousUser, region: Region, pk: int
) -> tuple[JuryMember, Submission]:
    """A submission of a call the user judges, with their seat, else 404."""
    submission = Submission.objects.filter(pk=pk).select_related("call__current_stage").first()
    if submission is None:
        raise Http404
    return jury_seat(user, region, submission.call_id), submission


def attachment_for(
    user: User | AnonymousUser, region: Region, pk: int, attachment_id: int
) -> SubmissionAttachment:
    """An attachment, to the call's managers and its jurors."""
    attachment = (
        SubmissionAttachment.objects.filter(pk=attachment_id, submission_id=pk)
        .select_related("submission")
        .first()
    )
    if attachment is None:
        raise Http404
    if not can(user, Action.MANAGE_CALLS, region):
        jury_seat(user, region, attachment.submission.call_id)
    return attachment
