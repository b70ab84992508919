"""The idea box over the API (region hosts), with the same rules as the pages: every member
proposes and reads the accepted and adopted ideas and their own; triagers (MANAGE_IDEAS) read
every idea and triage it; an OPD adopts an accepted idea (WORK_IN_LAB for that OPD), which
starts a lab project. Ideas a caller may not see answer 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from accounts.policy import Action, can
from api.filters import IdFilter, SelectorFilterSet, TextFilter, selector_parameters
from api.ideas.serializers import (
    AdoptSerializer,
    IdeaCreateSerializer,
    IdeaDetailSerializer,
    IdeaSerializer,
    TriageSerializer,
)
from api.lab.serializers import ProjectSerializer
from api.list_backends import UpdatedSinceFilter
from api.organization.lookups import opd_unit_or_404
from api.permissions import RegionAction, region_of, user_of
from tenants.ideas import services
from tenants.ideas.access import idea_for, may_see_proposer
from tenants.ideas.models import Idea, IdeaStatus, ProposerKind
from tenants.ideas.selectors import idea_list, similar_ideas, visible_ideas

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request


class IdeaFilter(SelectorFilterSet):
    status = django_filters.ChoiceFilter(choices=IdeaStatus.choices)
    proposer_kind = django_filters.ChoiceFilter(choices=ProposerKind.choices)
    opd = IdFilter(label="OPD unit id (suggested or adopting)")
    search = TextFilter(label="words in the title or the problem")


def _detail(request: Request, idea: Idea) -> dict[str, Any]:
    region, user = region_of(request), user_of(request)
    context = {
        "may_see_proposer": lambda item: may_see_proposer(user, region, item),
        "similar": [other.pk for other in similar_ideas(idea)]
        if can(user, Action.MANAGE_IDEAS, region)
        else [],
    }
    return IdeaDetailSerializer(idea, context=context).data


@extend_schema_view(
    get=extend_schema(
        tags=["ideas"],
        summary="Ideas of the idea box the caller may read",
        description="Triagers read every idea; other members the accepted and adopted ones and "
        "their own proposals. Newest first.",
    ),
    post=extend_schema(
        tags=["ideas"],
        summary="Propose an idea (members, through their account)",
        request=IdeaCreateSerializer,
        responses={201: IdeaDetailSerializer},
    ),
)
class IdeaListApi(generics.ListCreateAPIView):
    serializer_class = IdeaSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    filterset_class = IdeaFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, UpdatedSinceFilter]
    parser_classes = [JSONParser]

    def base_queryset(self) -> QuerySet[Idea]:
        return Idea.objects.none()

    def get_queryset(self) -> QuerySet[Idea]:
        if getattr(self, "swagger_fake_view", False):
            return Idea.objects.none()
        parameters = selector_parameters(self)
        return idea_list(
            visible_ideas(user_of(self.request), region_of(self.request)),
            status=parameters.get("status"),
            proposer_kind=parameters.get("proposer_kind"),
            opd_id=parameters.get("opd"),
            search=parameters.get("search") or "",
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if self.request is not None and not getattr(self, "swagger_fake_view", False):
            region, user = region_of(self.request), user_of(self.request)
            context["may_see_proposer"] = lambda item: may_see_proposer(user, region, item)
        return context

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = IdeaCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        idea = services.idea_propose(
            region=region_of(request),
            actor=user_of(request),
            data=data,
            proposer_kind=data["proposer_kind"],
            suggested_opd=opd_unit_or_404(data.get("suggested_opd")),
        )
        return Response(_detail(request, idea), status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["ideas"],
    summary="One idea, with look-alike ideas for triagers",
    responses=IdeaDetailSerializer,
)
class IdeaDetailApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    filter_backends: list = []
    pagination_class = None
    serializer_class = IdeaDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(request, idea_for(user_of(request), region_of(request), pk)))


@extend_schema(
    tags=["ideas"],
    summary="Triage an idea (triagers)",
    description="`needs_work` needs a `note`; `duplicate` names the repeated idea as "
    "`duplicate_of`. An adopted idea cannot be triaged again (400).",
    request=TriageSerializer,
    responses=IdeaDetailSerializer,
)
class IdeaTriageApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.MANAGE_IDEAS
    write_action = Action.MANAGE_IDEAS
    filter_backends: list = []
    pagination_class = None
    parser_classes = [JSONParser]
    serializer_class = TriageSerializer

    def post(self, request: Request, pk: int) -> Response:
        region, user = region_of(request), user_of(request)
        idea = idea_for(user, region, pk, action=Action.MANAGE_IDEAS)
        serializer = TriageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        duplicate_of = None
        if data.get("duplicate_of"):
            duplicate_of = Idea.objects.filter(pk=data["duplicate_of"]).first()
        idea = services.idea_triage(
            region=region,
            actor=user,
            idea=idea,
            status=data["status"],
            note=data["note"],
            duplicate_of=duplicate_of,
        )
        return Response(_detail(request, idea_for(user, region, idea.pk)))


@extend_schema(
    tags=["ideas"],
    summary="Adopt an accepted idea for an OPD: starts its lab project",
    description="Operators adopt for their own OPD (another OPD: 403); admins for any. An idea "
    "that is not accepted (or already adopted) answers 400.",
    request=AdoptSerializer,
    responses={201: ProjectSerializer},
)
class IdeaAdoptApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # WORK_IN_LAB for the OPD sent: the service checks it
    filter_backends: list = []
    pagination_class = None
    parser_classes = [JSONParser]
    serializer_class = AdoptSerializer

    def post(self, request: Request, pk: int) -> Response:
        region, user = region_of(request), user_of(request)
        idea = idea_for(user, region, pk)
        serializer = AdoptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        opd = opd_unit_or_404(serializer.validated_data["opd"])
        assert opd is not None  # _opd raises 404 for an unknown id
        project = services.idea_adopt(region=region, actor=user, idea=idea, opd=opd)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)
