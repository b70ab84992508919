"""Rankings, trends and snapshots over the API (public site and every region's host).

Anyone may read; what the figures include follows `rankings.selectors.audience_for`, exactly as
on the pages: estimates that count unverified work only for the province overseeing a region
and for platform operators."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import StandardPagination
from api.rankings.serializers import (
    RankingQuerySerializer,
    RankingSerializer,
    SnapshotQuerySerializer,
    SnapshotSerializer,
    TrendQuerySerializer,
    TrendSerializer,
)
from api.schema import ErrorEnvelope
from core.public_cache import public_cache
from rankings.public_data import RANKING_DATA
from rankings.selectors import (
    Level,
    audience_for,
    default_ranking_year,
    ranking,
    ranking_years,
    region_trend,
    scope_trend,
    snapshots,
)
from regions.selectors import province_for, region_for
from rubric.years import current_year

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request

    from rankings.models import IndexSnapshot
    from regions.models import Region

# Anonymous answers are cached until the figures change, as the ranking pages are.
cached = method_decorator(public_cache(RANKING_DATA, api=True), name="dispatch")


class RankingPagination(StandardPagination):
    """A ranking's rows by page: the national kab/kota table has 514 of them."""

    page_size = 100


def ranking_year(asked: int | None) -> int:
    """The year asked for, or the default one. A year without any figure (nothing computed,
    nothing published) is a 404 naming the years there are, as for the rubric's years: an empty
    table would read as "nobody ranked"."""
    years = ranking_years()
    if asked is None:
        return default_ranking_year(years)
    if asked not in years and asked != current_year():
        raise NotFound(
            _("Belum ada angka untuk tahun %(year)s. Tahun yang ada: %(years)s.")
            % {"year": asked, "years": ", ".join(str(year) for year in years) or "-"},
            code="year_not_available",
        )
    return asked


def _province(slug: str | None) -> Region | None:
    if not slug:
        return None
    province = province_for(slug)
    return province


@extend_schema(
    tags=["rankings"],
    summary="Ranking of provinsi or of kabupaten/kota for a year",
    description=(
        "Every region of the level (nationally, or of one province), ranked by the official "
        "index when the year has official results, else by the estimate (`basis`). Ranks are "
        "competition ranks (equal indexes share a rank) computed before the predicate and name "
        "filters, so a page keeps each region's place. Paginated (`page`, `page_size`, 100 rows "
        "by default). When `private` is false the estimate counts verified reports only and "
        "`evidence_completeness` is null."
    ),
    parameters=[RankingQuerySerializer],
    responses={200: RankingSerializer, 400: ErrorEnvelope, 404: ErrorEnvelope},
)
@cached
class RankingApi(APIView):
    permission_classes = [permissions.AllowAny]
    pagination_class = RankingPagination
    pages_inside_body = True  # the schema documents `page` and `page_size` (api.schema)

    def get(self, request: Request) -> Response:
        query = RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        ordering = params.get("ordering", "")
        table = ranking(
            ranking_year(params.get("year")),
            params.get("level") or Level.KABKOTA,
            audience=audience_for(request.user),
            province=_province(params.get("province")),
            predicate=params.get("predicate", ""),
            basis=params.get("basis", ""),
            sort=ordering.lstrip("-") or "peringkat",
            descending=ordering.startswith("-") if ordering else None,
            search=params.get("search", ""),
        )
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(table.rows, request, view=self) or []
        page = {
            "count": len(table.rows),
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": rows,
        }
        return Response(RankingSerializer({**vars(table), **page}).data)


@extend_schema(
    tags=["rankings"],
    summary="Index trend over the years",
    description=(
        "Per year, the official index and the estimate: of one region (`region`), or the "
        "average of a level's regions nationally or in one province."
    ),
    parameters=[TrendQuerySerializer],
    responses={200: TrendSerializer, 400: ErrorEnvelope, 404: ErrorEnvelope},
)
@cached
class TrendApi(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request: Request) -> Response:
        query = TrendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        audience = audience_for(request.user)
        if params.get("region"):
            region = region_for(params["region"])
            data = {
                "scope": region.slug,
                "private": audience.sees_region(region),
                "points": region_trend(region, audience=audience),
            }
        else:
            province = _province(params.get("province"))
            level = params.get("level") or Level.KABKOTA
            data = {
                "scope": f"{province.slug if province else 'nasional'}:{level}",
                "private": audience.sees_estimates_of(province.pk)
                if province
                else audience.everything,
                "points": scope_trend(level, province=province, audience=audience),
            }
        return Response(TrendSerializer(data).data)


@extend_schema(
    tags=["rankings"],
    summary="Index snapshots",
    description=(
        "The stored per-region figures behind the rankings, newest year first. The estimate's "
        "components (`index`, scores, counts by stage and status, evidence completeness) are "
        "null unless `private` is true; the verified figures are public."
    ),
    parameters=[SnapshotQuerySerializer],
    responses={200: SnapshotSerializer(many=True), 400: ErrorEnvelope, 404: ErrorEnvelope},
)
@cached
class SnapshotListApi(ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = SnapshotSerializer
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[IndexSnapshot]:
        query = SnapshotQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        region = None
        if params.get("region"):
            region = region_for(params["region"])
        return snapshots(
            params.get("year"), province=_province(params.get("province")), region=region
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "audience": audience_for(self.request.user)}
