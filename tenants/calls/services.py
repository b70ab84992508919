"""Running a call for innovations: the region admin (MANAGE_CALLS) creates and opens it, sets its
jury and rubric, moves it through its stages, publishes the ranking and turns winners into draft
innovations. Every write checks the policy, runs in the region's schema in one transaction, and
records an audit event (or, where an innovation is touched, the innovation's history)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_tenants.utils import tenant_context

from accounts.policy import Action, can, membership_of, require
from core.audit import record_event
from core.notices import notify
from core.workflow import Transition, Workflow
from tenants.calls import vocabulary
from tenants.calls.models import (
    Call,
    CallStage,
    CallStatus,
    FollowUp,
    JuryMember,
    Objection,
    ObjectionStatus,
    ReviewCriterion,
    StageKind,
    Submission,
    SubmissionStatus,
)
from tenants.calls.ranking import stage_ranking
from tenants.history.models import Change
from tenants.history.services import record_change, record_row, record_rows
from tenants.innovations.services import innovation_create

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit

CALL_FIELDS = (
    "title",
    "description",
    "categories",
    "opens_on",
    "closes_on",
    "submitter_kinds",
    "max_team_size",
)
# The steps of a call, as data: the admin's buttons and the services read the same table.
STEPS: Workflow[Transition] = Workflow(
    [
        Transition(
            "open", gettext_lazy("Buka sayembara"), frozenset({CallStatus.DRAFT}), CallStatus.OPEN
        ),
        Transition(
            "judge",
            gettext_lazy("Tutup pendaftaran, mulai penjurian"),
            frozenset({CallStatus.OPEN}),
            CallStatus.JUDGING,
        ),
        Transition(
            "advance",
            gettext_lazy("Lanjut ke tahap berikutnya"),
            frozenset({CallStatus.JUDGING}),
            CallStatus.JUDGING,
        ),
        Transition(
            "publish",
            gettext_lazy("Umumkan hasil"),
            frozenset({CallStatus.JUDGING}),
            CallStatus.PUBLISHED,
        ),
        Transition(
            "close",
            gettext_lazy("Tutup sayembara"),
            frozenset({CallStatus.PUBLISHED}),
            CallStatus.CLOSED,
        ),
    ]
)


def _audit(actor: User | None, region: Region, event: str, call: Call, **data: Any) -> None:
    """The audit event, and the call's change for the change feed: each of these events changes
    the call as the API shows it (its stages, rubric, status or published results)."""
    record_event(f"call.{event}", actor=actor, region=region, data={"call": call.pk, **data})
    record_row(
        actor=actor,
        row=call,
        action="created" if event == "created" else "updated",
        summary=f"{call.title} ({event})",
    )


def _check_call_data(data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    unknown = set(data.get("categories", [])) - set(vocabulary.codes("categories"))
    if unknown or not data.get("categories"):
        errors["categories"] = _("Pilih sekurangnya satu bidang dari daftar.")
    kinds = set(data.get("submitter_kinds", []))
    if not kinds or kinds - set(vocabulary.codes("submitter_kinds")):
        errors["submitter_kinds"] = _("Pilih siapa saja yang boleh mengusulkan.")
    if errors:
        raise ValidationError(errors)


def call_create(
    *,
    region: Region,
    actor: User | None,
    data: dict[str, Any],
    template: str | None = None,
    is_demo: bool = False,
) -> Call:
    """A draft call with the stages and rubric of `template` (default: the data's default)."""
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    _check_call_data(data)
    spec = vocabulary.templates()[template] if template else vocabulary.default_template()
    with tenant_context(region), transaction.atomic():
        call = Call(
            **{key: data[key] for key in CALL_FIELDS if key in data},
            is_demo=is_demo,
            created_by_id=actor.pk if actor is not None else None,
        )
        call.full_clean()
        call.save()
        CallStage.objects.bulk_create(
            CallStage(call=call, position=index, code=stage.code, name=stage.name, kind=stage.kind)
            for index, stage in enumerate(spec.stages, start=1)
        )
        ReviewCriterion.objects.bulk_create(
            ReviewCriterion(
                call=call,
                position=index,
                name=item.name,
                weight=item.weight,
                max_score=item.max_score,
            )
            for index, item in enumerate(spec.criteria, start=1)
        )
        _audit(actor, region, "created", call, title=call.title)
    return call


def call_update(*, region: Region, actor: User | None, call: Call, data: dict[str, Any]) -> Call:
    """Change a call's description, period and rules; not once judging began."""
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    _check_call_data({key: data.get(key, getattr(call, key)) for key in CALL_FIELDS})
    with tenant_context(region), transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.status not in (CallStatus.DRAFT, CallStatus.OPEN):
            raise ValidationError(_("Sayembara yang sudah masuk penjurian tidak dapat diubah."))
        for key in CALL_FIELDS:
            if key in data:
                setattr(call, key, data[key])
        call.full_clean()
        call.save()
        _audit(actor, region, "updated", call)
    return call


def criterion_add(
    *, region: Region, actor: User | None, call: Call, name: str, weight: int, max_score: int
) -> ReviewCriterion:
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    with tenant_context(region), transaction.atomic():
        _ensure_draft(call)
        criterion = ReviewCriterion(
            call=call,
            name=name,
            weight=weight,
            max_score=max_score,
            position=call.criteria.count() + 1,
        )
        criterion.full_clean()
        criterion.save()
        _audit(actor, region, "criterion_added", call, name=name)
    return criterion


def criterion_remove(*, region: Region, actor: User | None, criterion: ReviewCriterion) -> None:
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    with tenant_context(region), transaction.atomic():
        _ensure_draft(criterion.call)
        if criterion.call.criteria.count() <= 1:
            raise ValidationError(_("Sayembara memerlukan sekurangnya satu kriteria penilaian."))
        criterion.delete()
        _audit(actor, region, "criterion_removed", criterion.call, name=criterion.name)


def _ensure_draft(call: Call) -> None:
    if Call.objects.filter(pk=call.pk).values_list("status", flat=True).first() != CallStatus.DRAFT:
        raise ValidationError(
            _("Kriteria penilaian hanya dapat diubah selama sayembara masih draf.")
        )


def jury_candidates(region: Region) -> list[User]:
    """The region's members who may judge calls (the jury role): whom the jury is chosen from."""
    from accounts.policy import members_who_may

    return list(members_who_may(Action.JUDGE_CALLS, region).order_by("full_name", "email"))


def jury_add(
    *,
    region: Region,
    actor: User | None,
    call: Call,
    user: User,
    affiliation_kind: str,
    affiliation: str = "",
) -> JuryMember:
    """Seat a member who may judge calls on this call's jury, and tell them."""
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    if membership_of(user, region) is None or not can(user, Action.JUDGE_CALLS, region):
        raise ValidationError(
            _(
                "Juri harus anggota daerah ini dengan peran Juri; undang dulu melalui halaman anggota."
            )
        )
    with tenant_context(region), transaction.atomic():
        if call.status in (CallStatus.PUBLISHED, CallStatus.CLOSED):
            raise ValidationError(_("Hasil sayembara ini sudah diumumkan."))
        if JuryMember.objects.filter(call=call, user_id=user.pk).exists():
            raise ValidationError(_("Orang ini sudah menjadi juri sayembara ini."))
        juror = JuryMember(
            call=call,
            user_id=user.pk,
            name=user.get_full_name() or user.email,
            affiliation_kind=affiliation_kind,
            affiliation=affiliation,
        )
        juror.full_clean()
        juror.save()
        _audit(actor, region, "juror_added", call, user=user.pk)
        notify(
            region=region,
            user_ids=[user.pk],
            kind="calls.jury",
            title=gettext_noop("Anda ditetapkan sebagai juri sayembara %(call)s"),
            params={"call": call.title},
            path=reverse("calls:jury_call", args=[call.pk]),
            source=f"calls:{region.code}:jury:{juror.pk}",
        )
    return juror


def jury_remove(*, region: Region, actor: User | None, juror: JuryMember) -> None:
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    with tenant_context(region), transaction.atomic():
        if juror.scores.exists():
            raise ValidationError(_("Juri yang sudah menilai tidak dapat dikeluarkan."))
        juror.delete()
        _audit(actor, region, "juror_removed", juror.call, user=juror.user_id)


# The steps that change the call's submissions (their stage, status, score or rank).
SUBMISSION_STEPS = frozenset({"judge", "advance", "publish"})


def take_step(
    *,
    region: Region,
    actor: User | None,
    call: Call,
    step: str,
    keep: int | None = None,
    winners: int = 3,
) -> Call:
    """Fire one of STEPS. `keep`: how many submissions pass a review stage (None: all that were
    not eliminated); `winners`: how many of the ranking are winners when publishing."""
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    if step not in STEPS:
        raise ValidationError(_("Langkah tidak dikenal."))
    transition = STEPS[step]
    with tenant_context(region), transaction.atomic():
        call = (
            Call.objects.select_for_update(of=("self",))
            .select_related("current_stage")
            .get(pk=call.pk)
        )
        if call.status not in transition.sources:
            raise ValidationError(
                _("Langkah ini tidak dapat diambil saat sayembara berstatus %(status)s.")
                % {"status": call.get_status_display().lower()}
            )
        if step == "open":
            _ensure_ready(call)
        elif step == "judge":
            _start_judging(region, call)
        elif step == "advance":
            _advance(region, call, keep)
        elif step == "publish":
            _publish(call, winners)
        call.status = transition.target
        call.save(update_fields=["status", "current_stage", "updated_at"])
        _audit(actor, region, step, call, stage=call.current_stage_id)
        if step in SUBMISSION_STEPS:
            # Their stage, status, score or rank moved with the call: each reads anew.
            record_rows(actor=actor, rows=list(call.submissions.all()), action="updated")
    return call


def _ensure_ready(call: Call) -> None:
    if not call.stages.exists() or not call.criteria.exists():
        raise ValidationError(_("Sayembara memerlukan tahapan dan kriteria penilaian."))


def _stages(call: Call) -> list[CallStage]:
    return list(call.stages.order_by("position"))


def _start_judging(region: Region, call: Call) -> None:
    if not call.jury.exists():
        raise ValidationError(_("Tetapkan juri sebelum penjurian dimulai."))
    first = _stages(call)[0]
    call.current_stage = first
    call.submissions.filter(status=SubmissionStatus.ACTIVE).update(current_stage=first)
    _tell_jury(region, call, first)


def _advance(region: Region, call: Call, keep: int | None) -> None:
    stage = call.current_stage
    assert stage is not None  # judging always has a current stage
    stages = _stages(call)
    following = [s for s in stages if s.position > stage.position]
    if not following:
        raise ValidationError(_("Ini tahap terakhir; umumkan hasilnya."))
    active = list(call.submissions.filter(status=SubmissionStatus.ACTIVE))
    if stage.kind == StageKind.REVIEW:
        ranked = stage_ranking(stage, active)
        if keep is not None and keep < 1:
            raise ValidationError(_("Sekurangnya satu usulan harus lolos."))
        passing = ranked if keep is None else ranked[:keep]
        for row in ranked[len(passing) :]:
            row.submission.status = SubmissionStatus.ELIMINATED
            row.submission.save(update_fields=["status"])
        for row in passing:
            # The latest review stage's score is what the final ranking reads.
            if row.score is not None:
                row.submission.final_score = row.score
                row.submission.save(update_fields=["final_score"])
    elif (
        stage.kind == StageKind.OBJECTION_PERIOD
        and Objection.objects.filter(submission__call=call, status=ObjectionStatus.OPEN).exists()
    ):
        raise ValidationError(_("Putuskan dulu setiap sanggahan yang masuk."))
    nxt = following[0]
    call.current_stage = nxt
    call.submissions.filter(status=SubmissionStatus.ACTIVE).update(current_stage=nxt)
    if nxt.kind == StageKind.REVIEW:
        _tell_jury(region, call, nxt)


def _tell_jury(region: Region, call: Call, stage: CallStage) -> None:
    notify(
        region=region,
        user_ids=call.jury.values_list("user_id", flat=True),
        kind="calls.stage",
        title=gettext_noop(
            "Tahap %(stage)s sayembara %(call)s dimulai: usulan menunggu nilai Anda"
        ),
        params={"stage": stage.name, "call": call.title},
        path=reverse("calls:jury_call", args=[call.pk]),
        source=f"calls:{region.code}:stage:{stage.pk}",
    )


def _publish(call: Call, winners: int) -> None:
    stage = call.current_stage
    if stage is None or stage.kind != StageKind.DECISION:
        raise ValidationError(_("Hasil diumumkan pada tahap penetapan pemenang."))
    if winners < 1:
        raise ValidationError(_("Tetapkan sekurangnya satu pemenang."))
    active = list(call.submissions.filter(status=SubmissionStatus.ACTIVE))
    active.sort(key=lambda s: (s.final_score is None, -(s.final_score or 0), s.pk))
    for rank, submission in enumerate(active, start=1):
        submission.final_rank = rank
        submission.status = SubmissionStatus.WINNER if rank <= winners else SubmissionStatus.RANKED
        submission.save(update_fields=["final_rank", "status"])


def objection_decide(
    *, region: Region, actor: User | None, objection: Objection, uphold: bool
) -> Objection:
    """Uphold a claim of non-originality (the submission is disqualified) or reject it."""
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    with tenant_context(region), transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.status != ObjectionStatus.OPEN:
            raise ValidationError(_("Sanggahan ini sudah diputuskan."))
        objection.status = ObjectionStatus.UPHELD if uphold else ObjectionStatus.REJECTED
        objection.decided_by_id = actor.pk if actor is not None else None
        objection.decided_at = timezone.now()
        objection.save()
        submission = objection.submission
        if uphold:
            submission.status = SubmissionStatus.DISQUALIFIED
            submission.disqualified_reason = _("Sanggahan orisinalitas diterima: %(reason)s") % {
                "reason": objection.reason
            }
            submission.save(update_fields=["status", "disqualified_reason"])
            record_row(actor=actor, row=submission, action="updated", summary=submission.title)
        _audit(
            actor,
            region,
            "objection_decided",
            submission.call,
            objection=objection.pk,
            upheld=uphold,
        )
    return objection


def accept_submission(
    *, region: Region, actor: User | None, submission: Submission, opd: OpdUnit | None = None
) -> Innovation:
    """Turn a winning submission into a draft innovation of its OPD (or of `opd`, the unit that
    takes on a community innovation), crediting its submitters in the innovation's history.
    Accepting twice returns the same innovation."""
    from tenants.innovations.models import Innovation

    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    with tenant_context(region), transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("call", "opd")
            .get(pk=submission.pk)
        )
        if submission.innovation_id is not None:
            existing = Innovation.objects.filter(pk=submission.innovation_id).first()
            if existing is not None:
                return existing
        if submission.status != SubmissionStatus.WINNER:
            raise ValidationError(_("Hanya pemenang yang dapat diterima menjadi inovasi."))
        unit = submission.opd or opd
        if unit is None:
            raise ValidationError({"opd": _("Pilih OPD yang membina inovasi ini.")})
        names = ", ".join(submission.submitters)
        innovation = innovation_create(
            region=region,
            actor=actor,
            data={
                "name": submission.title,
                "opd": unit,
                "initiator": vocabulary.initiator_of(submission.submitter_kind),
                "initiator_name": names[:200],
                "design": _("Permasalahan:\n%(problem)s\n\nSolusi:\n%(solution)s")
                % {"problem": submission.problem, "solution": submission.solution},
            },
        )
        submission.innovation_id = innovation.pk
        if submission.opd_id is None:
            submission.opd = unit
        submission.save(update_fields=["innovation_id", "opd"])
        record_row(actor=actor, row=submission, action="updated", summary=submission.title)
        record_change(
            region=region,
            actor=actor,
            subject=Change.Subject.INNOVATION,
            action="created_from_call",
            innovation=innovation,
            subject_id=innovation.pk,
            summary=_(
                "Berasal dari sayembara %(call)s (tanda terima %(receipt)s); pengusul: %(names)s"
            )
            % {
                "call": submission.call.title,
                "receipt": submission.receipt_number,
                "names": names,
            },
            changes={"submitters": [None, submission.submitters]},
        )
    return innovation


def follow_up_save(
    *,
    region: Region,
    actor: User | None,
    submission: Submission,
    kind: str,
    status: str,
    note: str = "",
) -> FollowUp:
    """Record or update a step after the call (HKI, incubation, replication) of a ranked
    submission."""
    if actor is not None:
        require(actor, Action.MANAGE_CALLS, region)
    with tenant_context(region), transaction.atomic():
        if submission.status not in (SubmissionStatus.WINNER, SubmissionStatus.RANKED):
            raise ValidationError(_("Tindak lanjut dicatat untuk usulan yang masuk peringkat."))
        follow_up = FollowUp.objects.filter(submission=submission, kind=kind).first() or FollowUp(
            submission=submission, kind=kind
        )
        follow_up.status = status
        follow_up.note = note
        follow_up.full_clean()
        follow_up.save()
        _audit(actor, region, "follow_up", submission.call, submission=submission.pk, kind=kind)
    return follow_up


def today() -> datetime.date:
    return timezone.localdate()
