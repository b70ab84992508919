"""Webhook subscriptions over the API: on a region's host its admins manage the region's, on the
public site platform operators manage the public network's (accounts.policy MANAGE_WEBHOOKS);
another region's subscription is a 404. Bodies are JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, can
from api.errors import not_found_response
from api.permissions import user_of
from api.webhooks.serializers import (
    SecretSerializer,
    WebhookDeliverySerializer,
    WebhookSubscriptionSerializer,
    WebhookSubscriptionWithSecretSerializer,
    WebhookSubscriptionWriteSerializer,
)
from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.selectors import deliveries_of, subscription_of, subscriptions_of
from webhooks.services import (
    send_test,
    subscription_create,
    subscription_delete,
    subscription_rotate_secret,
    subscription_update,
)
from webhooks.vocabulary import describe_markdown

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request

    from regions.models import Region

TAGS = ["webhooks"]
ABOUT = (
    "On a region's host: the region's subscriptions (its admins). On the public site: the public "
    "network's (platform operators), which hear the public events of every region.\n\n"
    "Each delivery is a POST with a JSON body `{id, type, created, region, data}` and the "
    "headers `Lumbung-Event-Id` and `Lumbung-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "
    '"<t>.<raw body>" with the secret>`. A receiver answers 2xx; anything else is retried '
    "after 1 min, 5 min, 30 min, 2 h and 12 h, then the delivery fails. A delivery may arrive "
    "twice: deduplicate by the event id.\n\nEvents:\n\n"
)


def _about() -> str:
    return ABOUT + describe_markdown()


class ManageWebhooks(BasePermission):
    """The caller manages the webhooks of the host's region (or, on the public site, of the
    public network)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return can(user, Action.MANAGE_WEBHOOKS, getattr(request, "region", None))


def _region(request: Request) -> Region | None:
    return getattr(request, "region", None)


@extend_schema_view(
    get=extend_schema(tags=TAGS, summary="Webhook subscriptions", description=_about()),
    post=extend_schema(
        tags=TAGS,
        summary="Subscribe a URL to events (the answer shows the secret, once)",
        description=_about(),
        request=WebhookSubscriptionWriteSerializer,
        responses={201: WebhookSubscriptionWithSecretSerializer},
    ),
)
class WebhookListApi(generics.ListAPIView):
    serializer_class = WebhookSubscriptionSerializer
    permission_classes = [ManageWebhooks]
    ordering_fields = ["created_at", "updated_at", "url"]

    def get_queryset(self) -> QuerySet[WebhookSubscription]:
        if getattr(self, "swagger_fake_view", False):
            return WebhookSubscription.objects.none()
        return (
            subscriptions_of(_region(self.request))
            .select_related("region", "created_by")
            .order_by("pk")
        )

    def post(self, request: Request) -> Response:
        serializer = WebhookSubscriptionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription, secret = subscription_create(
            region=_region(request), actor=user_of(request), **serializer.to_service()
        )
        body = WebhookSubscriptionWithSecretSerializer(subscription, context={"secret": secret})
        return Response(body.data, status=status.HTTP_201_CREATED)


class _OneSubscription(APIView):
    permission_classes = [ManageWebhooks]

    def subscription(self, pk: int) -> WebhookSubscription | None:
        return subscription_of(_region(self.request), pk)


@extend_schema_view(
    get=extend_schema(tags=TAGS, summary="One webhook subscription"),
    patch=extend_schema(
        tags=TAGS,
        summary="Change a subscription's URL, events, description or active flag",
        description=_about(),
        request=WebhookSubscriptionWriteSerializer(partial=True),
        responses={200: WebhookSubscriptionSerializer},
    ),
    delete=extend_schema(
        tags=TAGS,
        summary="Delete a subscription and its delivery log",
        responses={204: None},
    ),
)
class WebhookDetailApi(_OneSubscription):
    serializer_class = WebhookSubscriptionSerializer

    def get(self, request: Request, pk: int) -> Response:
        subscription = self.subscription(pk)
        if subscription is None:
            return not_found_response()
        return Response(WebhookSubscriptionSerializer(subscription).data)

    def patch(self, request: Request, pk: int) -> Response:
        subscription = self.subscription(pk)
        if subscription is None:
            return not_found_response()
        serializer = WebhookSubscriptionWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        subscription = subscription_update(
            region=_region(request),
            actor=user_of(request),
            subscription=subscription,
            **serializer.to_service(),
        )
        return Response(WebhookSubscriptionSerializer(subscription).data)

    def delete(self, request: Request, pk: int) -> Response:
        subscription = self.subscription(pk)
        if subscription is None:
            return not_found_response()
        subscription_delete(
            region=_region(request), actor=user_of(request), subscription=subscription
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=TAGS,
    summary="Replace the subscription's secret (the answer shows the new one, once)",
    request=None,
    responses={200: SecretSerializer},
)
class WebhookRotateSecretApi(_OneSubscription):
    def post(self, request: Request, pk: int) -> Response:
        subscription = self.subscription(pk)
        if subscription is None:
            return not_found_response()
        secret = subscription_rotate_secret(
            region=_region(request), actor=user_of(request), subscription=subscription
        )
        return Response({"secret": secret})


@extend_schema(
    tags=TAGS,
    summary="Send a `webhook.test` event to this subscription only",
    description="Delivered through the same pipeline as real events; follow it in the "
    "subscription's deliveries.",
    request=None,
    responses={
        202: WebhookDeliverySerializer,
        400: OpenApiResponse(description="The subscription is not active"),
    },
)
class WebhookTestApi(_OneSubscription):
    def post(self, request: Request, pk: int) -> Response:
        subscription = self.subscription(pk)
        if subscription is None:
            return not_found_response()
        delivery = send_test(
            region=_region(request), actor=user_of(request), subscription=subscription
        )
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    tags=TAGS,
    summary="The subscription's deliveries, newest first (status, attempts, last answer)",
)
class WebhookDeliveryListApi(generics.ListAPIView):
    serializer_class = WebhookDeliverySerializer
    permission_classes = [ManageWebhooks]
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        if getattr(self, "swagger_fake_view", False):
            return WebhookDelivery.objects.none()
        subscription = subscription_of(_region(self.request), self.kwargs["pk"])
        if subscription is None:
            raise Http404
        return deliveries_of(subscription)
