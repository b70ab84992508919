"""Pages of replication requests on a region's site: the inbox, a new request, one request with
its timeline and the steps this user may take, and its documents. Every member of the region
reads; only the region's admins act (the service decides which side may take which step).
Requests between other regions answer 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.policy import Action, can, require
from core.downloads import download_name, field_file_response
from replication.catalog.models import CatalogEntry
from replication.requests import selectors
from replication.requests.access import document_for, request_for
from replication.requests.forms import RequestCreateForm, TransitionForm
from replication.requests.models import ReplicationRequest, RequestStatus
from replication.requests.services import (
    REQUESTER,
    TransitionError,
    allowed_transitions,
    open_request_for,
    paused_message,
    request_create,
    request_transition,
    side_of,
)
from replication.requests.transitions import TRANSITIONS
from tenants.innovations.access import innovation_for
from tenants.innovations.models import Form

if TYPE_CHECKING:
    from core.http import RegionRequest

PAGE_SIZE = 50
DONE = {
    "accept": gettext_lazy(
        "Permohonan diterima. Jadwalkan kunjungan kerja bersama daerah pemohon."
    ),
    "decline": gettext_lazy("Permohonan ditolak."),
    "schedule_visit": gettext_lazy("Jadwal kunjungan tersimpan."),
    "complete_visit": gettext_lazy(
        "Kunjungan kerja tercatat. Menunggu konfirmasi dari daerah mitra."
    ),
    "confirm_visit": gettext_lazy("Kunjungan kerja dikonfirmasi."),
    "return_visit": gettext_lazy("Catatan kunjungan dikembalikan untuk diperbaiki."),
    "record_agreement": gettext_lazy(
        "Kesepakatan tercatat. Kredit replikasi diberikan setelah daerah mitra mengonfirmasi."
    ),
    "confirm_agreement": gettext_lazy("Kesepakatan dikonfirmasi kedua pihak."),
    "return_agreement": gettext_lazy("Catatan kesepakatan dikembalikan untuk diperbaiki."),
    "start_implementation": gettext_lazy("Inovasi replika dibuat di daerah Anda."),
    "confirm": gettext_lazy("Konfirmasi Anda tercatat."),
    "cancel": gettext_lazy("Permohonan dibatalkan."),
}


@login_required
def inbox_view(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    box = request.GET.get("box", "")
    box = box if box in selectors.BOXES else ""
    status = request.GET.get("status", "")
    status = status if status in RequestStatus.values else ""
    rows = selectors.inbox(region, box=box or None, status=status or None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.inbox_counts(region, box=box or None)
    context = {
        "page": page,
        "box": box,
        "status": status,
        "counts": counts,
        "statuses": [
            (value, label, counts.by_status.get(value, 0)) for value, label in RequestStatus.choices
        ],
        "may_manage": can(request.user, Action.MANAGE_REPLICATION, region),
    }
    return render(request, "requests/inbox.html", context)


@login_required
def create_view(request: RegionRequest, public_id) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_REPLICATION, region)
    entry = get_object_or_404(CatalogEntry.objects.select_related("region"), public_id=public_id)
    own = entry.region_id == region.pk
    existing = None if own else open_request_for(region, entry)
    form = RequestCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not own and existing is None and form.is_valid():
        try:
            created = request_create(
                region=region,
                actor=request.user,
                entry=entry,
                message=form.cleaned_data["message"],
                letter=form.cleaned_data["letter"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Permohonan replikasi terkirim ke %(region)s.")
                % {"region": entry.region.display_name},
            )
            return redirect("requests:detail", created.pk)
    context = {
        "entry": entry,
        "entry_form": Form(entry.form).label if entry.form in Form.values else entry.form,
        "form": form,
        "own": own,
        "existing": existing,
    }
    return render(request, "requests/create.html", context)


@login_required
def detail_view(request: RegionRequest, pk: int) -> HttpResponse:
    replication = request_for(request.user, request.region, pk)
    return _render_detail(request, replication)


def _render_detail(
    request: RegionRequest,
    replication: ReplicationRequest,
    bound: TransitionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    region = request.region
    side = side_of(region, replication)
    transitions = allowed_transitions(request.user, region, replication)
    forms = [
        bound
        if bound is not None and bound.transition.name == transition.name
        else TransitionForm(transition, **_choices(replication, transition.name))
        for transition in transitions
    ]
    context = {
        "replication": replication,
        "side": side,
        "other": replication.origin if side == REQUESTER else replication.requester,
        "events": selectors.timeline(replication),
        "forms": forms,
        "is_requester": side == REQUESTER,
        "waiting_for_other": _waiting_for_other(replication, side),
        "credit": selectors.credit_state(replication),
        "paused_message": paused_message(replication.paused_by) if replication.paused_by else "",
        "may_manage": can(request.user, Action.MANAGE_REPLICATION, region),
    }
    return render(request, "requests/detail.html", context, status=status)


def _waiting_for_other(replication: ReplicationRequest, side: str | None) -> bool:
    """This side recorded the visit or agreement, or confirmed the end; the other has not yet
    confirmed."""
    if replication.recorded_by:
        return replication.recorded_by == side
    if replication.status != RequestStatus.IMPLEMENTATION:
        return False
    mine = (
        replication.requester_confirmed_at if side == REQUESTER else replication.origin_confirmed_at
    )
    return mine is not None


def _choices(replication: ReplicationRequest, name: str) -> dict[str, list[tuple[int, str]]]:
    """The choices a step's form offers: the requester region's OPD units (the replica is
    created there), or the requester's catalog entries (for a two-way agreement)."""
    if name == "start_implementation":
        from tenants.organization.selectors import opd_choices_of

        return {"opd_choices": opd_choices_of(replication.requester)}
    if name == "record_agreement":
        entries = CatalogEntry.objects.filter(region_id=replication.requester_id).order_by("name")
        return {"reverse_choices": list(entries.values_list("pk", "name"))}
    return {}


@login_required
@require_POST
def transition_view(request: RegionRequest, pk: int, name: str) -> HttpResponse:
    replication = request_for(request.user, request.region, pk)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    form = TransitionForm(
        transition, request.POST, request.FILES, **_choices(replication, transition.name)
    )
    if not form.is_valid():
        return _render_detail(request, replication, bound=form, status=400)
    data, documents = form.service_input()
    try:
        request_transition(
            name,
            request=replication,
            actor=request.user,
            region=request.region,
            data=data,
            documents=documents,
        )
    except TransitionError as exc:
        # Someone else moved the request first: say so and show what it is now.
        messages.error(request, " ".join(exc.messages))
        return redirect("requests:detail", replication.pk)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return _render_detail(request, replication, bound=form, status=400)
    messages.success(request, DONE.get(name, _("Tersimpan.")))
    return redirect("requests:detail", replication.pk)


@login_required
def document_view(request: RegionRequest, pk: int, doc_id: int) -> FileResponse:
    document = document_for(request.user, request.region, pk, doc_id)
    return field_file_response(
        document.file,
        filename=download_name(document.original_name, document.file),
        content_type=document.content_type or "application/octet-stream",
    )


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def lineage_fragment(request: RegionRequest, innovation_id: int) -> HttpResponse:
    """Where one of the region's innovations stands in the replication network (its origin, its
    replicas): the section the innovation page loads into itself (htmx), so the region's pages
    never read replication data. An innovation the user may not see answers 404."""
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    innovation = innovation_for(request.user, region, innovation_id)
    context = {"lineage": selectors.innovation_lineage(region, innovation)}
    return render(request, "requests/_lineage.html", context)
