"""A region's members over the API, as the members page (tenants.members.views) manages them:
list, invite, change a role, remove, and the rule that the region's admins use a second factor.
Who may is accounts.policy's MANAGE_MEMBERS (the region's admins, and a provinsi's own admins),
checked before any input is read; which roles they may grant, the OPD of an operator, and that
a region keeps at least one admin are the member services' rules (tenants.members.services)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from accounts.models import Membership
from accounts.policy import Action
from accounts.selectors import members_of_region
from accounts.two_factor import set_region_requirement
from api.accounts.serializers import RegionMemberSerializer
from api.members.serializers import (
    InvitedMemberSerializer,
    MemberChangeSerializer,
    MemberInviteSerializer,
    SecondFactorRuleSerializer,
)
from api.permissions import RegionAction, region_of, user_of
from api.schema import ErrorEnvelope
from tenants.members.services import member_change_role, member_invite, member_remove

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request

TAGS = ["region"]


class _MembersApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.MANAGE_MEMBERS
    write_action = Action.MANAGE_MEMBERS
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Membership]:
        return members_of_region(region_of(self.request))


@extend_schema_view(
    get=extend_schema(tags=TAGS, summary="Members of this region and their roles (region admins)"),
    post=extend_schema(
        tags=TAGS,
        summary="Invite someone, or add an existing account, with a role",
        description=(
            "A new e-mail gets an account without a password and an invitation by e-mail "
            "(`invited`: true); an existing account is added at once. The role must be one the "
            "caller may grant here; an OPD operator names one of the region's OPD units."
        ),
        request=MemberInviteSerializer,
        responses={201: InvitedMemberSerializer, 400: ErrorEnvelope, 403: ErrorEnvelope},
    ),
)
class MemberListApi(_MembersApi, generics.ListAPIView):
    serializer_class = RegionMemberSerializer

    def post(self, request: Request) -> Response:
        data = MemberInviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership, token = member_invite(
            region=region_of(request), actor=user_of(request), **data.validated_data
        )
        body = InvitedMemberSerializer(membership, context={"invited": token is not None}).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=TAGS, summary="A member of this region"),
    patch=extend_schema(
        tags=TAGS,
        summary="Change a member's role (and an OPD operator's unit)",
        description="The region keeps at least one admin: an admin cannot demote the last one.",
        request=MemberChangeSerializer,
        responses={200: RegionMemberSerializer, 400: ErrorEnvelope, 403: ErrorEnvelope},
    ),
    delete=extend_schema(
        tags=TAGS,
        summary="Remove a member from this region (their account stays)",
        description="The region keeps at least one admin: the last one cannot be removed.",
        responses={204: None, 400: ErrorEnvelope, 404: ErrorEnvelope},
    ),
)
class MemberDetailApi(_MembersApi):
    serializer_class = RegionMemberSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def member(self, pk: int) -> Membership:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def get(self, request: Request, pk: int) -> Response:
        return Response(RegionMemberSerializer(self.member(pk)).data)

    def patch(self, request: Request, pk: int) -> Response:
        membership = self.member(pk)
        data = MemberChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = member_change_role(
            region=region_of(request),
            actor=user_of(request),
            membership=membership,
            **data.validated_data,
        )
        return Response(RegionMemberSerializer(changed).data)

    def delete(self, request: Request, pk: int) -> Response:
        member_remove(region=region_of(request), actor=user_of(request), membership=self.member(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(tags=TAGS, summary="Must this region's admins use a second factor?"),
    put=extend_schema(
        tags=TAGS,
        summary="Require (or stop requiring) a second factor of this region's admins",
        request=SecondFactorRuleSerializer,
        responses={200: SecondFactorRuleSerializer, 400: ErrorEnvelope},
    ),
)
class SecondFactorRuleApi(_MembersApi):
    serializer_class = SecondFactorRuleSerializer
    pagination_class = None

    def get(self, request: Request) -> Response:
        required = region_of(request).require_admin_second_factor
        return Response(SecondFactorRuleSerializer({"required": required}).data)

    def put(self, request: Request) -> Response:
        data = SecondFactorRuleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        region = region_of(request)
        set_region_requirement(
            region=region, actor=user_of(request), required=data.validated_data["required"]
        )
        return Response(
            SecondFactorRuleSerializer({"required": region.require_admin_second_factor}).data
        )
