"""Discussion pages: the thread about an innovation or an OPD (read and write), the section the
innovation page loads, the list of the user's threads, and the kelitbangan results shared with
every member. Writes go through tenants.discussions.services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.policy import Action, can, require
from core.downloads import download_name, field_file_response
from tenants.discussions import services
from tenants.discussions.access import (
    attachment_for,
    discussable_opd_id,
    place_for,
    post_for,
    threads_of,
)
from tenants.discussions.forms import PostForm
from tenants.discussions.models import Subject
from tenants.discussions.selectors import (
    shared_results,
    thread_posts,
)

if TYPE_CHECKING:
    from django.http import FileResponse

    from core.http import RegionRequest


def _thread_page(request: RegionRequest, subject_kind: str, subject_id: int) -> HttpResponse:
    region = request.region
    place = place_for(request.user, region, subject_kind, subject_id)
    may_share = can(request.user, Action.MANAGE_PROGRAMME, region)
    form = PostForm(request.POST or None, request.FILES or None, may_share=may_share)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_create(
                region=region,
                author=request.user,
                place=place,
                body=form.cleaned_data["body"],
                upload=form.cleaned_data["attachment"],
                attachment_title=form.cleaned_data["attachment_title"],
                shared=form.cleaned_data.get("shared", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pesan terkirim."))
            return redirect(services.thread_path(subject_kind, subject_id) + "#pesan-terakhir")
    context = {"place": place, "posts": thread_posts(place.thread), "form": form}
    return render(request, "discussions/thread.html", context)


@login_required
def innovation_thread_view(request: RegionRequest, pk: int) -> HttpResponse:
    return _thread_page(request, Subject.INNOVATION, pk)


@login_required
def opd_thread_view(request: RegionRequest, unit_id: int) -> HttpResponse:
    return _thread_page(request, Subject.OPD, unit_id)


@login_required
@require_GET
def innovation_section_view(request: RegionRequest, pk: int) -> HttpResponse:
    """The innovation page's discussion section (loaded with htmx): the latest posts. A member
    who sees the innovation but takes no part in discussions (a leader) gets no section."""
    require(request.user, Action.VIEW_REGION, request.region)
    try:
        place = place_for(request.user, request.region, Subject.INNOVATION, pk)
    except PermissionDenied:
        return HttpResponse("")
    posts = thread_posts(place.thread, latest=3)
    count = place.thread.posts.count() if place.thread is not None else 0
    return render(
        request, "discussions/_section.html", {"place": place, "posts": posts, "count": count}
    )


@login_required
@require_GET
def index_view(request: RegionRequest) -> HttpResponse:
    """The threads the user takes part in (Bappeda: every OPD's; an operator: their OPD's)."""
    region = request.region
    opd_id = discussable_opd_id(request.user, region)
    rows = [
        {
            "thread": row.thread,
            "title": row.title,
            "path": services.thread_path(row.thread.subject_kind, row.thread.subject_id),
        }
        for row in threads_of(request.user, region)
    ]
    return render(request, "discussions/index.html", {"rows": rows, "own_opd_id": opd_id})


@login_required
@require_GET
def kelitbangan_view(request: RegionRequest) -> HttpResponse:
    require(request.user, Action.VIEW_REGION, request.region)
    return render(request, "discussions/kelitbangan.html", {"results": shared_results()[:200]})


@login_required
@require_GET
def attachment_view(request: RegionRequest, post_id: int) -> FileResponse:
    post = attachment_for(request.user, request.region, post_id)
    return field_file_response(
        post.attachment,
        filename=download_name(post.original_name, post.attachment),
        content_type=post.content_type or "application/octet-stream",
    )


@login_required
@require_POST
def post_delete_view(request: RegionRequest, post_id: int) -> HttpResponse:
    region = request.region
    post = post_for(request.user, region, post_id)
    services.post_delete(region=region, actor=request.user, post=post)
    messages.success(request, _("Pesan dihapus."))
    return redirect(services.thread_path(post.thread.subject_kind, post.thread.subject_id))
