"""The national IID rubric (read-only, public): served on the public site and on every region
site alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions

from api.list_backends import UpdatedSinceFilter
from api.rubric.serializers import IndicatorSerializer, RubricYearSerializer
from rubric.models import Indicator, Part, PredicateBand, RubricYear
from rubric.selectors import indicators_with_options, rubric_for_year

if TYPE_CHECKING:
    from django.db.models import QuerySet

BANDS = Prefetch("bands", queryset=PredicateBand.objects.order_by("-min_index"))


@extend_schema(tags=["rubric"], summary="Assessment years with their formula parameters")
class RubricYearListApi(generics.ListAPIView):
    serializer_class = RubricYearSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[RubricYear]:
        return RubricYear.objects.prefetch_related(BANDS).order_by("-year")


@extend_schema(tags=["rubric"], summary="One assessment year's formula parameters")
class RubricYearDetailApi(generics.RetrieveAPIView):
    serializer_class = RubricYearSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "year"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[RubricYear]:
        return RubricYear.objects.prefetch_related(BANDS)


class IndicatorFilter(django_filters.FilterSet):
    part = django_filters.ChoiceFilter(choices=Part.choices)

    class Meta:
        model = Indicator
        fields = ["part"]


@extend_schema(
    tags=["rubric"],
    summary="A year's indicators with their parameter options, in form order",
)
class RubricIndicatorListApi(generics.ListAPIView):
    serializer_class = IndicatorSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = IndicatorFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, UpdatedSinceFilter]

    def get_queryset(self) -> QuerySet[Indicator]:
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        rubric = rubric_for_year(self.kwargs["year"])
        if rubric is None:
            raise Http404
        # SPD before SID, by number, as the national form lists them.
        return indicators_with_options(rubric).order_by("-part", "number", "sub")
