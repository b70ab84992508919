"""Publishing an innovation to the national replication catalog, from its page: publish (only a
verified innovation), edit the contact and notes, add and remove documents, unpublish. Region
admins only; every write goes through tenants.publishing.services. Each action returns to the
innovation page with a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, require
from core.downloads import download_name, field_file_response
from core.forms import form_errors
from tenants.innovations.access import innovation_for
from tenants.publishing import services
from tenants.publishing.forms import ContactForm, DocumentForm
from tenants.publishing.models import Publication
from tenants.publishing.selectors import publication_document

if TYPE_CHECKING:
    from django.http import FileResponse

    from core.http import RegionRequest


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("innovations:detail", args=[pk]) + "#publikasi")


@login_required
@require_POST
def publish_view(request: RegionRequest, pk: int) -> HttpResponse:
    """Publish the innovation, or save its contact and notes when it already is."""
    innovation = innovation_for(request.user, request.region, pk)
    require(request.user, Action.PUBLISH_INNOVATION, request.region)
    already = Publication.objects.filter(innovation=innovation).exists()
    form = ContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(pk)
    try:
        services.publish(
            region=request.region, actor=request.user, innovation=innovation, data=form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Data publikasi tersimpan.")
            if already
            else _(
                "Inovasi dipublikasikan; dalam beberapa detik tampil di katalog replikasi nasional."
            ),
        )
    return _back(pk)


@login_required
@require_POST
def unpublish_view(request: RegionRequest, pk: int) -> HttpResponse:
    innovation = innovation_for(request.user, request.region, pk)
    require(request.user, Action.PUBLISH_INNOVATION, request.region)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Centang konfirmasi untuk menarik inovasi dari katalog."))
        return _back(pk)
    services.unpublish(region=request.region, actor=request.user, innovation=innovation)
    messages.success(request, _("Inovasi ditarik dari katalog replikasi."))
    return _back(pk)


@login_required
@require_POST
def document_add_view(request: RegionRequest, pk: int) -> HttpResponse:
    innovation = innovation_for(request.user, request.region, pk)
    require(request.user, Action.PUBLISH_INNOVATION, request.region)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(pk)
    try:
        document = services.add_document(
            region=request.region,
            actor=request.user,
            innovation=innovation,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Dokumen %(title)s ditambahkan.") % {"title": document.title})
    return _back(pk)


@login_required
@require_POST
def document_remove_view(request: RegionRequest, pk: int, doc_id: int) -> HttpResponse:
    innovation = innovation_for(request.user, request.region, pk)
    require(request.user, Action.PUBLISH_INNOVATION, request.region)
    document = publication_document(innovation, doc_id)
    if document is None:
        raise Http404
    services.remove_document(region=request.region, actor=request.user, document=document)
    messages.success(request, _("Dokumen %(title)s dihapus.") % {"title": document.title})
    return _back(pk)


@login_required
def document_view(request: RegionRequest, pk: int, doc_id: int) -> FileResponse:
    """A publication document, to members who may see the innovation."""
    innovation = innovation_for(request.user, request.region, pk)
    document = publication_document(innovation, doc_id)
    if document is None:
        raise Http404
    return field_file_response(
        document.file,
        filename=download_name(document.original_name, document.file),
        content_type=document.content_type or "application/octet-stream",
    )
