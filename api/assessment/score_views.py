"""The region's estimated index and what is still missing (siap kirim), over the API.

Both compute tenants.scoring.compute.region_score once per request (a fixed number of queries).
The region totals are the region's own; per-innovation rows and gaps are narrowed to the
innovations the caller may see (OPD operators: their own OPD's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from accounts.policy import Action
from api.assessment.serializers import ReadinessSerializer, RegionScoreSerializer
from api.filters import IdFilter, SelectorFilterSet, YearFilter, selector_parameters
from api.list_backends import UpdatedSinceFilter
from api.pagination import StandardPagination
from api.permissions import RegionAction, region_of, user_of
from api.schema import ErrorEnvelope
from api.years import requested_year
from tenants.innovations.access import visible_opd_id
from tenants.innovations.models import Innovation
from tenants.innovations.selectors import innovation_get
from tenants.scoring.compute import IndicatorScore, RegionScore, region_score
from tenants.scoring.readiness import GapKind, readiness

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.pagination import BasePagination
    from rest_framework.request import Request

GAP_KINDS = [value for key, value in vars(GapKind).items() if key.isupper()]


def _indicator(item: IndicatorScore) -> dict[str, Any]:
    return {
        "code": item.code,
        "level": item.level,
        "basis": item.basis,
        "option_score": item.option_score,
        "score": item.score,
        "accepted": item.accepted,
        "pending": item.pending,
        "rejected": item.rejected,
    }


class ScoreMixin(generics.GenericAPIView):
    # Never listed (the figures come from the scoring): what the filterset's schema is read from.
    queryset = Innovation.objects.none()
    filter_backends: list = []
    pagination_class: type[BasePagination] | None = None

    def base_queryset(self) -> QuerySet[Innovation]:
        return Innovation.objects.none()

    def score(self, year: int) -> RegionScore:
        score = region_score(year)
        if score is None:  # requested_year only returns rubric years; defensive
            raise Http404
        return score

    def visible(self, innovation: Innovation | None) -> bool:
        own_opd = visible_opd_id(self.request.user, region_of(self.request))
        return own_opd is None or _of_opd(innovation, own_opd)


class ScoreFilter(SelectorFilterSet):
    year = YearFilter(label="Assessment year (default: the current one)")


@extend_schema(
    tags=["scores"],
    summary="The region's estimated SPD, SID, count score, index and predicate for a year",
    description=(
        "Estimated from the region's answers: an indicator scores only with accepted evidence, "
        "and an innovation counts only with a complete profile. `innovations` lists the "
        "innovations the caller may see."
    ),
    responses={200: RegionScoreSerializer, 400: ErrorEnvelope},
)
class ScoresApi(ScoreMixin, generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    serializer_class = RegionScoreSerializer
    filterset_class = ScoreFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, UpdatedSinceFilter]

    def get(self, request: Request) -> Response:
        selector_parameters(self)
        year = requested_year(request)
        score = self.score(year)
        result = score.result
        body = {
            "year": year,
            "spd_score": result.spd_score,
            "sid_score": result.sid_score,
            "sid_divisor": result.sid_divisor,
            "count_score": result.count_score,
            "innovation_count": result.innovation_count,
            "basic_services_covered": result.basic_services_covered,
            "count_gate_met": result.count_gate_met,
            "total": result.total,
            "max_total": score.rubric.params.max_total,
            "index": result.index,
            "predicate_code": result.predicate_code,
            "predicate_label": result.predicate_label,
            "potential_index": max(score.potential.index, result.index),
            "spd": [_indicator(item) for item in score.spd.values()],
            "innovations": [
                {
                    "innovation": item.innovation,
                    "report_id": item.report.pk,
                    "report_status": item.report.status,
                    "score": item.score,
                    "potential": item.potential,
                    "eligible": item.eligible,
                    "evidence_completeness": item.evidence_completeness,
                    "profile_gaps": item.profile_gaps,
                }
                for item in score.innovations
                if self.visible(item.innovation)
            ],
        }
        return Response(RegionScoreSerializer(body).data)


class ReadinessFilter(SelectorFilterSet):
    year = YearFilter(label="Assessment year (default: the current one)")
    innovation = IdFilter(label="Only this innovation's gaps")
    kind = django_filters.ChoiceFilter(choices=[(kind, kind) for kind in GAP_KINDS])


@extend_schema(
    tags=["scores"],
    summary="Siap kirim: what is still missing for a year, largest stake in index points first",
    description=(
        "Each gap names its kind, a message, its stake (index points gained by closing it; "
        "`up_to` when that is a maximum), the innovation and the target (a profile field or an "
        "indicator code). Totals: current `index`, `potential_index` and `gain`. Region-level "
        "gaps (SPD, basic services) are listed for callers who see every OPD."
    ),
    responses={200: ReadinessSerializer},
)
class ReadinessApi(ScoreMixin, generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    serializer_class = ReadinessSerializer
    filterset_class = ReadinessFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, UpdatedSinceFilter]
    pagination_class = StandardPagination
    pages_inside_body = True  # the schema documents `page` and `page_size` (api.schema)

    def get(self, request: Request) -> Response:
        parameters = selector_parameters(self)
        year = requested_year(request)
        region = region_of(request)
        innovation_id = parameters.get("innovation")
        if (
            innovation_id
            and innovation_get(user=user_of(request), region=region, pk=innovation_id) is None
        ):
            raise Http404
        ready = readiness(self.score(year))
        own_opd = visible_opd_id(request.user, region)
        kind = parameters.get("kind")
        gaps = [
            gap
            for gap in ready.gaps
            if (own_opd is None or _of_opd(gap.innovation, own_opd))
            and (not innovation_id or (gap.innovation and gap.innovation.pk == innovation_id))
            and (not kind or gap.kind == kind)
        ]
        page = self.paginate_queryset(gaps)
        assert page is not None  # pagination_class is set: there is always a page
        paginated = self.get_paginated_response(
            [
                {
                    "kind": gap.kind,
                    "message": gap.message,
                    "stake": gap.stake,
                    "up_to": gap.up_to,
                    "mandatory": gap.mandatory,
                    "innovation": gap.innovation,
                    "report_id": gap.report_id,
                    "target": gap.target,
                }
                for gap in page
            ]
        ).data
        body = {
            "year": year,
            "index": ready.index,
            "potential_index": ready.potential_index,
            "gain": ready.gain,
            **paginated,
        }
        return Response(ReadinessSerializer(body).data)


def _of_opd(innovation: Innovation | None, opd_id: int) -> bool:
    return innovation is not None and innovation.opd_id == opd_id
