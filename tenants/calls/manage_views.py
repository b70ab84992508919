"""The call managers' pages (MANAGE_CALLS): calls, their jury and rubric, the steps through the
stages, submissions with their scores and objections, accepting winners, follow-ups, and
forwarding winners to the province. Every write goes through the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.policy import Action, require
from core.downloads import download_name, field_file_response
from core.forms import form_errors
from tenants.calls import forwarding, selectors, services
from tenants.calls.access import attachment_for, managed_call, managed_submission
from tenants.calls.forms import (
    AcceptForm,
    CallForm,
    CriterionForm,
    FollowUpForm,
    ForwardForm,
    JurorForm,
    StepForm,
)
from tenants.calls.models import Objection, ReviewCriterion, StageKind
from tenants.innovations.models import Innovation

if TYPE_CHECKING:
    from django.http import FileResponse

    from core.http import RegionRequest


def _errors(request: RegionRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def manage_list(request: RegionRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_CALLS, request.region)
    return render(request, "calls/manage_list.html", {"calls": selectors.managed_calls()})


@login_required
@require_http_methods(["GET", "POST"])
def create(request: RegionRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_CALLS, request.region)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(
                region=request.region, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Sayembara dibuat sebagai draf."))
            return redirect("calls:manage_detail", pk=call.pk)
    return render(request, "calls/call_form.html", {"form": form, "call": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: RegionRequest, pk: int) -> HttpResponse:
    call = managed_call(request.user, request.region, pk)
    form = CallForm(request.POST or None, initial=CallForm.initial_of(call))
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(
                region=request.region, actor=request.user, call=call, data=form.cleaned_data
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Sayembara tersimpan."))
            return redirect("calls:manage_detail", pk=call.pk)
    return render(request, "calls/call_form.html", {"form": form, "call": call})


@login_required
def manage_detail(request: RegionRequest, pk: int) -> HttpResponse:
    call = managed_call(request.user, request.region, pk)
    candidates = services.jury_candidates(request.region)
    seated = {juror.user_id for juror in call.jury.all()}
    stage = call.current_stage
    return render(
        request,
        "calls/manage_detail.html",
        {
            "call": call,
            **selectors.call_board(call),
            "steps": services.STEPS.possible_from(call.status),
            "step_form": StepForm(),
            "juror_form": JurorForm(candidates=[u for u in candidates if u.pk not in seated]),
            "criterion_form": CriterionForm(),
            "is_decision": stage is not None and stage.kind == StageKind.DECISION,
        },
    )


@login_required
@require_POST
def step(request: RegionRequest, pk: int, name: str) -> HttpResponse:
    call = managed_call(request.user, request.region, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("calls:manage_detail", pk=call.pk)
    try:
        services.take_step(
            region=request.region,
            actor=request.user,
            call=call,
            step=name,
            keep=form.cleaned_data.get("keep"),
            winners=form.cleaned_data.get("winners") or 3,
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Langkah tersimpan."))
    return redirect("calls:manage_detail", pk=call.pk)


@login_required
@require_POST
def jury_add(request: RegionRequest, pk: int) -> HttpResponse:
    call = managed_call(request.user, request.region, pk)
    form = JurorForm(request.POST, candidates=services.jury_candidates(request.region))
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.jury_add(
                region=request.region,
                actor=request.user,
                call=call,
                user=User.objects.get(pk=form.cleaned_data["user"]),
                affiliation_kind=form.cleaned_data["affiliation_kind"],
                affiliation=form.cleaned_data["affiliation"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Juri ditambahkan."))
    return redirect(reverse("calls:manage_detail", args=[call.pk]) + "#juri")


@login_required
@require_POST
def jury_remove(request: RegionRequest, pk: int, juror_id: int) -> HttpResponse:
    call = managed_call(request.user, request.region, pk)
    juror = call.jury.filter(pk=juror_id).first()
    if juror is not None:
        try:
            services.jury_remove(region=request.region, actor=request.user, juror=juror)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Juri dikeluarkan."))
    return redirect(reverse("calls:manage_detail", args=[call.pk]) + "#juri")


@login_required
@require_POST
def criteria(request: RegionRequest, pk: int) -> HttpResponse:
    """Add a criterion, or remove the one named by `remove` (drafts only)."""
    call = managed_call(request.user, request.region, pk)
    try:
        if request.POST.get("remove"):
            criterion = ReviewCriterion.objects.filter(
                call=call, pk=int(request.POST["remove"])
            ).first()
            if criterion is not None:
                services.criterion_remove(
                    region=request.region, actor=request.user, criterion=criterion
                )
        else:
            form = CriterionForm(request.POST)
            if not form.is_valid():
                messages.error(request, form_errors(form))
            else:
                services.criterion_add(
                    region=request.region, actor=request.user, call=call, **form.cleaned_data
                )
    except (ValidationError, ValueError) as exc:
        messages.error(
            request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        )
    return redirect(reverse("calls:manage_detail", args=[call.pk]) + "#kriteria")


@login_required
def submission(request: RegionRequest, pk: int) -> HttpResponse:
    item = managed_submission(request.user, request.region, pk)
    innovation = (
        Innovation.objects.filter(pk=item.innovation_id).first() if item.innovation_id else None
    )
    return render(
        request,
        "calls/submission_detail.html",
        {
            "submission": item,
            "call": item.call,
            **selectors.submission_detail(item),
            "innovation": innovation,
            "accept_form": AcceptForm(),
            "follow_up_form": FollowUpForm(),
            "forward_form": ForwardForm(calls=forwarding.province_open_calls(request.region)),
            "province": forwarding.province_of(request.region),
        },
    )


@login_required
@require_POST
def accept(request: RegionRequest, pk: int) -> HttpResponse:
    item = managed_submission(request.user, request.region, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("calls:submission", pk=item.pk)
    try:
        innovation = services.accept_submission(
            region=request.region, actor=request.user, submission=item, opd=form.cleaned_data["opd"]
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("calls:submission", pk=item.pk)
    messages.success(
        request, _("Usulan diterima menjadi draf inovasi %(name)s.") % {"name": innovation.name}
    )
    return redirect("innovations:detail", pk=innovation.pk)


@login_required
@require_POST
def follow_up(request: RegionRequest, pk: int) -> HttpResponse:
    item = managed_submission(request.user, request.region, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.follow_up_save(
                region=request.region, actor=request.user, submission=item, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Tindak lanjut tersimpan."))
    return redirect(reverse("calls:submission", args=[item.pk]) + "#tindak-lanjut")


@login_required
@require_POST
def forward(request: RegionRequest, pk: int) -> HttpResponse:
    item = managed_submission(request.user, request.region, pk)
    form = ForwardForm(request.POST, calls=forwarding.province_open_calls(request.region))
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            forwarding.forward(
                region=request.region,
                actor=request.user,
                submission=item,
                call_id=form.cleaned_data["call"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Usulan diteruskan ke sayembara provinsi."))
    return redirect("calls:submission", pk=item.pk)


@login_required
@require_POST
def objection_decide(request: RegionRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_CALLS, request.region)
    objection = Objection.objects.filter(pk=pk).select_related("submission").first()
    if objection is None:
        raise Http404
    try:
        services.objection_decide(
            region=request.region,
            actor=request.user,
            objection=objection,
            uphold=request.POST.get("decision") == "uphold",
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Sanggahan diputuskan."))
    return redirect("calls:submission", pk=objection.submission_id)


@login_required
def attachment(request: RegionRequest, pk: int, attachment_id: int) -> FileResponse:
    """A submission's file, to the call's managers and jurors."""
    item = attachment_for(request.user, request.region, pk, attachment_id)
    return field_file_response(
        item.file,
        filename=download_name(item.original_name, item.file),
        content_type=item.content_type or "application/octet-stream",
    )
