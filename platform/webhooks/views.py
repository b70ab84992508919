"""The webhook pages: the list, a new subscription (its secret shown once), one subscription with
its edit form and delivery log, rotating the secret (the new one shown once), sending a test
event, deleting. The region's admins on its host; platform operators on the public site, for the
public network (accounts.policy MANAGE_WEBHOOKS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, require
from webhooks.delivery import MAX_ATTEMPTS, RETRY_SCHEDULE
from webhooks.forms import SubscriptionForm
from webhooks.selectors import LOG_LENGTH, deliveries_of, subscription_of, subscriptions_of
from webhooks.services import (
    send_test,
    subscription_create,
    subscription_delete,
    subscription_rotate_secret,
    subscription_update,
)
from webhooks.vocabulary import EVENTS

if TYPE_CHECKING:
    from django import forms

    from accounts.models import User
    from core.http import SiteRequest
    from regions.models import Region
    from webhooks.models import WebhookSubscription

    class ManagerRequest(SiteRequest):
        user: User  # behind login_required and the policy: never AnonymousUser


def _allowed(request: ManagerRequest) -> Region | None:
    region = request.region
    require(request.user, Action.MANAGE_WEBHOOKS, region)
    return region


def _subscription(request: ManagerRequest, pk: int) -> tuple[Region | None, WebhookSubscription]:
    region = _allowed(request)
    subscription = subscription_of(region, pk)
    if subscription is None:
        raise Http404
    return region, subscription


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def subscription_list(request: ManagerRequest) -> HttpResponse:
    region = _allowed(request)
    rows = subscriptions_of(region).select_related("created_by").order_by("pk")
    return render(
        request,
        "webhooks/list.html",
        {"subscriptions": rows, "network": region is None, "events": EVENTS},
    )


@login_required
def subscription_create_view(request: ManagerRequest) -> HttpResponse:
    region = _allowed(request)
    form = SubscriptionForm(request.POST or None, network=region is None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = subscription_create(
                region=region, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            # Rendered, not redirected: the secret is in this answer only.
            return render(
                request,
                "webhooks/secret.html",
                {"subscription": subscription, "secret": secret, "created": True},
            )
    return render(request, "webhooks/form.html", {"form": form, "network": region is None})


def _detail(
    request: ManagerRequest,
    region: Region | None,
    subscription: WebhookSubscription,
    form: SubscriptionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        form = SubscriptionForm(
            network=region is None,
            initial={
                "url": subscription.url,
                "description": subscription.description,
                "event_types": subscription.event_types,
                "is_active": subscription.is_active,
            },
        )
    deliveries = list(deliveries_of(subscription)[:LOG_LENGTH])
    context = {
        "subscription": subscription,
        "form": form,
        "deliveries": deliveries,
        # The log refreshes itself (htmx) while a delivery is waiting for its first attempt.
        "waiting": any(item.status == "pending" and not item.attempts for item in deliveries),
        "log_length": LOG_LENGTH,
        "max_attempts": MAX_ATTEMPTS,
        "retry_minutes": [seconds // 60 for seconds in RETRY_SCHEDULE],
        "network": region is None,
    }
    return render(request, "webhooks/detail.html", context, status=status)


@login_required
def subscription_detail(request: ManagerRequest, pk: int) -> HttpResponse:
    region, subscription = _subscription(request, pk)
    return _detail(request, region, subscription)


@login_required
@require_POST
def subscription_edit(request: ManagerRequest, pk: int) -> HttpResponse:
    region, subscription = _subscription(request, pk)
    form = SubscriptionForm(request.POST, network=region is None)
    if form.is_valid():
        try:
            subscription_update(
                region=region, actor=request.user, subscription=subscription, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Langganan webhook sudah disimpan."))
            return redirect("webhooks:detail", pk=subscription.pk)
    subscription.refresh_from_db()
    return _detail(request, region, subscription, form, status=400)


@login_required
@require_POST
def subscription_rotate(request: ManagerRequest, pk: int) -> HttpResponse:
    region, subscription = _subscription(request, pk)
    secret = subscription_rotate_secret(
        region=region, actor=request.user, subscription=subscription
    )
    return render(
        request,
        "webhooks/secret.html",
        {"subscription": subscription, "secret": secret, "created": False},
    )


@login_required
@require_POST
def subscription_delete_view(request: ManagerRequest, pk: int) -> HttpResponse:
    region, subscription = _subscription(request, pk)
    subscription_delete(region=region, actor=request.user, subscription=subscription)
    messages.success(request, _("Langganan webhook sudah dihapus."))
    return redirect("webhooks:list")


@login_required
@require_POST
def subscription_test(request: ManagerRequest, pk: int) -> HttpResponse:
    region, subscription = _subscription(request, pk)
    try:
        send_test(region=region, actor=request.user, subscription=subscription)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Peristiwa uji sudah diantrekan; hasilnya tampil di log pengiriman di bawah."),
        )
    return redirect("webhooks:detail", pk=subscription.pk)
