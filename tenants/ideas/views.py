"""The idea box's pages: the members' list and proposal form, the public form on the region's
host (no account: honeypot, minimum fill time, per-address limit) with its receipt and status
page, the triage page (Action.MANAGE_IDEAS) with its filters and "did you mean" duplicates, and
one idea's page with triage and adoption. Every write goes through tenants.ideas.services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, can, require
from core.forms import form_errors
from tenants.ideas import guard, services
from tenants.ideas.access import idea_for, may_see_proposer
from tenants.ideas.forms import (
    AdoptForm,
    MemberIdeaForm,
    PublicIdeaForm,
    TriageFilterForm,
    TriageForm,
)
from tenants.ideas.models import Idea, IdeaStatus
from tenants.ideas.selectors import (
    idea_by_receipt,
    idea_list,
    similar_ideas,
    status_counts,
    visible_ideas,
)
from tenants.lab.access import lab_opd_ids
from tenants.organization.models import OpdUnit

if TYPE_CHECKING:
    from core.http import RegionRequest, SiteRequest

PAGE_SIZE = 100


@login_required
def idea_list_view(request: RegionRequest) -> HttpResponse:
    """The ideas a member reads (accepted, adopted, their own) and the form to propose one."""
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    form = MemberIdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.idea_propose(
                region=region,
                actor=request.user,
                data=data,
                proposer_kind=data["proposer_kind"],
                suggested_opd=data["suggested_opd"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Ide %(title)s terkirim ke Bappeda. Kode tanda terima: %(code)s")
                % {"title": idea.title, "code": idea.receipt_code},
            )
            return redirect("ideas:detail", pk=idea.pk)
    ideas = visible_ideas(request.user, region)
    return render(
        request,
        "ideas/idea_list.html",
        {
            "ideas": ideas.filter(status__in=(IdeaStatus.ACCEPTED, IdeaStatus.ADOPTED))[:PAGE_SIZE],
            "mine": ideas.filter(proposer_user_id=request.user.pk)[:PAGE_SIZE],
            "form": form,
            "may_triage": can(request.user, Action.MANAGE_IDEAS, region),
        },
    )


@login_required
def triage_view(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_IDEAS, region)
    filters = TriageFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    ideas = idea_list(
        visible_ideas(request.user, region),
        status=values.get("status") or None,
        proposer_kind=values.get("kind") or None,
        opd_id=values.get("opd"),
        search=values.get("q") or "",
    )[:PAGE_SIZE]
    template = "ideas/_triage_rows.html" if request.htmx else "ideas/triage.html"
    return render(
        request,
        template,
        {
            "ideas": ideas,
            "filters": filters,
            "counts": status_counts(),
            "statuses": IdeaStatus.choices,
        },
    )


@login_required
def idea_detail_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    idea = idea_for(request.user, region, pk)
    may_triage = can(request.user, Action.MANAGE_IDEAS, region)
    opd_ids = lab_opd_ids(request.user, region)
    may_adopt = idea.status == IdeaStatus.ACCEPTED and opd_ids != []
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "show_proposer": may_see_proposer(request.user, region, idea),
            "may_triage": may_triage,
            "similar": similar_ideas(idea) if may_triage else [],
            "triage_form": TriageForm(initial={"status": idea.status, "note": idea.triage_note})
            if may_triage and idea.status != IdeaStatus.ADOPTED
            else None,
            "adopt_form": AdoptForm(opd_ids=opd_ids) if may_adopt else None,
            "project": getattr(idea, "lab_project", None)
            if idea.status == IdeaStatus.ADOPTED
            else None,
        },
    )


@login_required
@require_POST
def idea_triage_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    idea = idea_for(request.user, region, pk, action=Action.MANAGE_IDEAS)
    form = TriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("ideas:detail", pk=pk)
    data = form.cleaned_data
    duplicate_of = (
        Idea.objects.filter(pk=data["duplicate_of"]).first() if data["duplicate_of"] else None
    )
    try:
        services.idea_triage(
            region=region,
            actor=request.user,
            idea=idea,
            status=data["status"],
            note=data["note"],
            duplicate_of=duplicate_of,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Triase ide tersimpan."))
    return redirect("ideas:detail", pk=pk)


@login_required
@require_POST
def idea_adopt_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    idea = idea_for(request.user, region, pk)
    form = AdoptForm(request.POST, opd_ids=lab_opd_ids(request.user, region))
    if not form.is_valid():
        # An OPD outside the user's own is not offered: refused like any other write.
        require(request.user, Action.WORK_IN_LAB, region, opd_id=_posted_opd(request))
        messages.error(request, form_errors(form))
        return redirect("ideas:detail", pk=pk)
    try:
        project = services.idea_adopt(
            region=region, actor=request.user, idea=idea, opd=form.cleaned_data["opd"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("ideas:detail", pk=pk)
    messages.success(request, _("Ide diadopsi; proyek laboratorium inovasi dimulai."))
    return redirect("lab:detail", pk=project.pk)


def _posted_opd(request: RegionRequest) -> int | None:
    value = request.POST.get("opd", "")
    return (
        int(value) if value.isdigit() and OpdUnit.objects.filter(pk=int(value)).exists() else None
    )


def public_submit_view(request: SiteRequest) -> HttpResponse:
    """The public form: anyone in the region sends an idea without an account and gets a
    receipt code to follow its status."""
    region = request.region
    assert region is not None  # a region site's route
    form = PublicIdeaForm(request.POST or None, initial={"started": guard.form_token()})
    if request.method == "POST":
        if not guard.filled_by_a_person(
            request.POST.get("started", ""), request.POST.get("website", "")
        ):
            form.add_error(
                None, _("Formulir tidak dapat dikirim. Muat ulang halaman lalu coba lagi.")
            )
        elif not guard.under_rate_limit(region, request):
            form.add_error(
                None, _("Terlalu banyak ide dari alamat ini dalam satu jam. Coba lagi nanti.")
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                idea = services.idea_submit_public(
                    region=region, data=data, suggested_opd=data["suggested_opd"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return render(request, "ideas/public_receipt.html", {"idea": idea}, status=201)
        # A new token for the next try: the time counts from now.
        fresh = request.POST.copy()
        fresh["started"] = guard.form_token()
        form.data = fresh
    return render(request, "ideas/public_form.html", {"form": form})


def public_status_view(request: SiteRequest) -> HttpResponse:
    """An idea's status by its receipt code: the status and the date only, nothing personal."""
    code = request.GET.get("kode", "")[:20]
    idea = idea_by_receipt(code) if code else None
    return render(
        request,
        "ideas/public_status.html",
        {"code": code, "idea": idea, "searched": bool(code)},
    )
