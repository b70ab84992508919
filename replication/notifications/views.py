"""The signed-in user's notifications, on every site (public and region hosts): the list (unread
first), marking read, opening one, and how e-mails should come."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replication.notifications.forms import PreferenceForm
from replication.notifications.selectors import notification_get, notification_list, unread_count
from replication.notifications.services import email_preference, mark_read, set_email_preference

PAGE_SIZE = 30


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert user.is_authenticated  # login_required
    page = Paginator(notification_list(user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread": unread_count(user),
        "preference_form": PreferenceForm(initial={"email": email_preference(user)}),
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def read_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert user.is_authenticated  # login_required
    if notification_get(user, pk) is None:
        raise Http404
    mark_read(user, [pk])
    return redirect("notifications:list")


@login_required
@require_POST
def read_all_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert user.is_authenticated  # login_required
    count = mark_read(user)
    messages.success(request, _("%(n)d notifikasi ditandai sudah dibaca.") % {"n": count})
    return redirect("notifications:list")


@login_required
def open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go where it points (a page on one of our sites)."""
    user = request.user
    assert user.is_authenticated  # login_required
    notification = notification_get(user, pk)
    if notification is None:
        raise Http404
    mark_read(user, [pk])
    if _our_site(notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


def _our_site(url: str) -> bool:
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url.startswith("/") and not url.startswith("//")
    host = (parts.hostname or "").lower()
    base = settings.BASE_DOMAIN
    return parts.scheme in ("http", "https") and (host == base or host.endswith("." + base))


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert user.is_authenticated  # login_required
    form = PreferenceForm(request.POST or None, initial={"email": email_preference(user)})
    if request.method == "POST" and form.is_valid():
        set_email_preference(user, form.cleaned_data["email"])
        messages.success(request, _("Pengaturan e-mail notifikasi tersimpan."))
        return redirect("notifications:list")
    return render(request, "notifications/settings.html", {"form": form})
