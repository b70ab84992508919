"""The change history (who changed what, when) over the API: region admins, verifiers and
leaders (Action.VIEW_HISTORY)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from accounts.policy import Action
from api.filters import IdFilter, SelectorFilterSet, YearFilter, selector_parameters
from api.history.serializers import ChangeSerializer
from api.permissions import RegionAction
from tenants.history.models import Change
from tenants.history.selectors import change_list

if TYPE_CHECKING:
    from django.db.models import QuerySet


class ChangeFilter(SelectorFilterSet):
    innovation = IdFilter(label="Innovation id")
    year = YearFilter(label="Assessment year")
    subject = django_filters.ChoiceFilter(choices=Change.Subject.choices)


@extend_schema(tags=["history"], summary="The change history, newest first")
class ChangeListApi(generics.ListAPIView):
    serializer_class = ChangeSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_HISTORY
    write_action = Action.VIEW_HISTORY
    filterset_class = ChangeFilter
    ordering_fields = ["at"]

    def base_queryset(self) -> QuerySet[Change]:
        return Change.objects.none()

    def get_queryset(self) -> QuerySet[Change]:
        parameters = selector_parameters(self)
        return change_list(
            innovation_id=parameters.get("innovation"),
            year=parameters.get("year"),
            subject=parameters.get("subject") or "",
        )
