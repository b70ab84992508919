"""The jury's pages (JUDGE_CALLS and a seat on the call's jury): the calls one judges, the
submissions of the current review stage, and per submission the conflict-of-interest
declaration followed by the scoring form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.policy import Action, require
from tenants.calls import judging, selectors
from tenants.calls.access import judged_submission, jury_seat
from tenants.calls.forms import DeclareForm, ScoreForm
from tenants.calls.models import StageScore

if TYPE_CHECKING:
    from core.http import RegionRequest


@login_required
def jury_home(request: RegionRequest) -> HttpResponse:
    require(request.user, Action.JUDGE_CALLS, request.region)
    return render(
        request, "calls/jury_home.html", {"seats": selectors.juror_calls(request.user.pk)}
    )


@login_required
def jury_call(request: RegionRequest, pk: int) -> HttpResponse:
    seat = jury_seat(request.user, request.region, pk)
    return render(
        request,
        "calls/jury_call.html",
        {"seat": seat, "call": seat.call, "rows": selectors.juror_queue(seat)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def jury_score(request: RegionRequest, pk: int) -> HttpResponse:
    """Declare a conflict of interest (or none), then score."""
    seat, submission = judged_submission(request.user, request.region, pk)
    call = seat.call
    criteria = list(call.criteria.all())
    mine = StageScore.objects.filter(
        submission=submission, stage=call.current_stage, juror=seat
    ).first()
    declare_form = DeclareForm()
    score_form = ScoreForm(
        criteria=criteria,
        initial={f"score_{key}": value for key, value in (mine.scores if mine else {}).items()}
        | {"note": mine.note if mine else ""},
    )
    if request.method == "POST":
        try:
            if request.POST.get("step") == "declare":
                declare_form = DeclareForm(request.POST)
                if declare_form.is_valid():
                    judging.declare(
                        region=request.region,
                        actor=request.user,
                        juror=seat,
                        submission=submission,
                        has_conflict=declare_form.cleaned_data["has_conflict"],
                        note=declare_form.cleaned_data["conflict_note"],
                    )
                    messages.success(request, _("Pernyataan konflik kepentingan tersimpan."))
                    return redirect("calls:jury_score", pk=submission.pk)
            else:
                score_form = ScoreForm(request.POST, criteria=criteria)
                if score_form.is_valid():
                    judging.score(
                        region=request.region,
                        actor=request.user,
                        juror=seat,
                        submission=submission,
                        scores=score_form.scores(),
                        note=score_form.cleaned_data["note"],
                    )
                    messages.success(request, _("Nilai tersimpan."))
                    return redirect("calls:jury_call", pk=call.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "calls/jury_score.html",
        {
            "seat": seat,
            "call": call,
            "submission": submission,
            "attachments": list(submission.attachments.all()),
            "mine": mine,
            "declare_form": declare_form,
            "score_form": score_form,
        },
    )
