"""The innovation lab's pages: the projects a member may see, a project's stages with their
documents (upload, advance, make it an innovation), and the OPDs' yearly commitments (SK Tim
Inovasi, kontrak kinerja) with who has and who lacks them. Every write goes through
tenants.lab.services; who may see what is tenants.lab.access."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, can, require
from core.downloads import download_name, field_file_response
from core.forms import form_errors
from rubric.years import current_year
from tenants.lab import services
from tenants.lab.access import (
    commitment_for,
    document_for,
    lab_opd_ids,
    may_work_in_lab,
    project_for,
    visible_projects,
)
from tenants.lab.forms import CommitmentForm, DocumentForm, ProjectForm
from tenants.lab.selectors import commitment_table, project_list, project_stages
from tenants.lab.stages import stage_choices

if TYPE_CHECKING:
    from django.http import FileResponse

    from core.http import RegionRequest

PAGE_SIZE = 100


@login_required
def project_list_view(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    stage = request.GET.get("tahap", "")
    projects = project_list(
        visible_projects(request.user, region),
        stage=stage if stage in dict(stage_choices()) else "",
    )[:PAGE_SIZE]
    return render(
        request,
        "lab/project_list.html",
        {
            "projects": projects,
            "stages": stage_choices(),
            "stage": stage,
            "may_work": may_work_in_lab(request.user, region),
        },
    )


@login_required
def project_create_view(request: RegionRequest) -> HttpResponse:
    region = request.region
    if not may_work_in_lab(request.user, region):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, opd_ids=lab_opd_ids(request.user, region))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                region=region,
                actor=request.user,
                opd=data["opd"],
                title=data["title"],
                problem=data["problem"],
                team=data["team"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Proyek laboratorium inovasi dimulai."))
            return redirect("lab:detail", pk=project.pk)
    return render(request, "lab/project_create.html", {"form": form})


@login_required
def project_detail_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    project = project_for(request.user, region, pk)
    may_work = can(request.user, Action.WORK_IN_LAB, region, opd_id=project.opd_id)
    stage_views = project_stages(project)
    return render(
        request,
        "lab/project_detail.html",
        {
            "project": project,
            "stages": stage_views,
            "current": next((view for view in stage_views if view.current), None),
            "may_work": may_work,
        },
    )


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("lab:detail", args=[pk]) + "#tahap")


@login_required
@require_POST
def document_add_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    project = project_for(request.user, region, pk, write=True)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(pk)
    data = form.cleaned_data
    try:
        document = services.document_add(
            region=region,
            actor=request.user,
            project=project,
            kind=data["kind"],
            title=data["title"],
            stage_code=data["stage"],
            upload=data["file"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Dokumen %(title)s ditambahkan.") % {"title": document.title})
    return _back(pk)


@login_required
def document_view(request: RegionRequest, pk: int, doc_id: int) -> FileResponse:
    document = document_for(request.user, request.region, pk, doc_id)
    return field_file_response(
        document.file,
        filename=download_name(document.original_name, document.file),
        content_type=document.content_type or "application/octet-stream",
    )


@login_required
@require_POST
def document_remove_view(request: RegionRequest, pk: int, doc_id: int) -> HttpResponse:
    region = request.region
    project_for(request.user, region, pk, write=True)
    document = document_for(request.user, region, pk, doc_id)
    try:
        services.document_remove(region=region, actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Dokumen %(title)s dihapus.") % {"title": document.title})
    return _back(pk)


@login_required
@require_POST
def project_advance_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    project = project_for(request.user, region, pk, write=True)
    try:
        project = services.project_advance(region=region, actor=request.user, project=project)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Semua tahap selesai.")
            if project.is_finished
            else _("Proyek masuk tahap berikutnya."),
        )
    return _back(pk)


@login_required
@require_POST
def project_to_innovation_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    project = project_for(request.user, region, pk, write=True)
    try:
        innovation = services.project_to_innovation(
            region=region, actor=request.user, project=project
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(pk)
    messages.success(request, _("Draf inovasi dibuat dari proyek ini; lengkapi profilnya."))
    return redirect("innovations:detail", pk=innovation.pk)


def _year(request: RegionRequest) -> int:
    value = request.GET.get("tahun", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else current_year()


@login_required
def commitment_list_view(request: RegionRequest) -> HttpResponse:
    """Every OPD against SK Tim Inovasi and kontrak kinerja for a year; an upload form for those
    who work in an OPD's lab."""
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    year = _year(request)
    opd_ids = lab_opd_ids(request.user, region)
    form = CommitmentForm(opd_ids=opd_ids) if opd_ids != [] else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        form = CommitmentForm(request.POST, request.FILES, opd_ids=opd_ids)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.commitment_save(
                    region=region,
                    actor=request.user,
                    opd=data["opd"],
                    year=year,
                    kind=data["kind"],
                    number=data["number"],
                    signed_on=data["signed_on"],
                    signed_by=data["signed_by"],
                    upload=data["file"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Dokumen komitmen tersimpan."))
                return redirect(reverse("lab:commitments") + f"?tahun={year}")
    return render(
        request,
        "lab/commitments.html",
        {
            "table": commitment_table(year),
            "year": year,
            "form": form,
            "may_attach": can(request.user, Action.EDIT_REGION_INDICATORS, region),
        },
    )


@login_required
def commitment_file_view(request: RegionRequest, pk: int) -> FileResponse:
    commitment = commitment_for(request.user, request.region, pk)
    return field_file_response(
        commitment.file,
        filename=download_name(commitment.original_name, commitment.file),
        content_type=commitment.content_type or "application/pdf",
    )


@login_required
@require_POST
def commitment_evidence_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    commitment = commitment_for(request.user, region, pk)
    require(request.user, Action.EDIT_REGION_INDICATORS, region)
    try:
        services.commitment_as_evidence(
            region=region,
            actor=request.user,
            commitment=commitment,
            indicator_code=request.POST.get("indicator", "")[:12],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Dokumen dilampirkan sebagai bukti dukung indikator."))
    return redirect(reverse("lab:commitments") + f"?tahun={commitment.year}")
