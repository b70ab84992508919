from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django.db.models import Q
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions

from api.filters import StrictBooleanFilter, TextFilter
from api.list_backends import StrictOrderingFilter, UpdatedSinceFilter
from api.regions.serializers import RegionSerializer
from core.public_cache import PublicData, public_cache
from regions.models import Region, RegionKind

if TYPE_CHECKING:
    from django.db.models import QuerySet

# Anonymous answers are cached until a region changes (core.public_cache).
cached = method_decorator(public_cache(PublicData(models=(Region,)), api=True), name="dispatch")


class RegionFilter(django_filters.FilterSet):
    province = TextFilter(method="filter_province", label="Province code, e.g. 12")
    kind = django_filters.ChoiceFilter(choices=RegionKind.choices)
    is_active = StrictBooleanFilter()
    search = TextFilter(method="filter_search", label="Name contains")

    class Meta:
        model = Region
        fields = ["province", "kind", "is_active", "search"]

    def filter_province(
        self, queryset: QuerySet[Region], name: str, value: str
    ) -> QuerySet[Region]:
        return queryset.filter(Q(code=value) | Q(province__code=value))

    def filter_search(self, queryset: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        return queryset.filter(name__icontains=value.strip())


@extend_schema(tags=["regions"], summary="List the 552 regions (public)")
@cached
class RegionListApi(generics.ListAPIView):
    queryset = Region.objects.select_related("province").order_by("code")
    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = RegionFilter
    filter_backends = [
        django_filters.rest_framework.DjangoFilterBackend,
        StrictOrderingFilter,
        UpdatedSinceFilter,
    ]
    ordering_fields = ["code", "name"]


@extend_schema(tags=["regions"], summary="One region by its Kemendagri code (public)")
@cached
class RegionDetailApi(generics.RetrieveAPIView):
    queryset = Region.objects.select_related("province")
    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    lookup_value_regex = r"\d{2}(\.\d{2})?"
