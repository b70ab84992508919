"""The change history (who changed what, when) over the API, as a newest-first list and as a
feed read on with a cursor (deletions included): region admins, verifiers and leaders
(Action.VIEW_HISTORY), each reading the subjects tenants.history.access lets them read."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from accounts.policy import Action
from api.feeds import EPOCH, FeedApi, FeedQuerySerializer, encode_cursor, feed_page
from api.filters import IdFilter, SelectorFilterSet, YearFilter, selector_parameters
from api.history.serializers import ChangeSerializer, FeedPageSerializer
from api.permissions import RegionAction, region_of, user_of
from tenants.history.access import readable_subjects
from tenants.history.models import Change
from tenants.history.selectors import change_feed, change_list

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request


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
        if getattr(self, "swagger_fake_view", False):
            return Change.objects.none()
        parameters = selector_parameters(self)
        return change_list(
            subjects=readable_subjects(user_of(self.request), region_of(self.request)),
            innovation_id=parameters.get("innovation"),
            year=parameters.get("year"),
            subject=parameters.get("subject") or "",
        )


@extend_schema(
    tags=["history"],
    summary="The change feed: every change, oldest first, read on with a cursor",
    description=(
        "For keeping a copy in sync, deletions included: `operation` is `created`, `updated` or "
        "`deleted` (a tombstone), `collection` the path of the list the row `subject_id` is in "
        "(`resource` its own address, where it has one), `action` what exactly happened. Read "
        "from the beginning without `cursor`, then always with the `next` of the last page, "
        "also when it had no results. A change appears once every transaction that started "
        "before it has ended (a few seconds), so reading on never skips one that committed "
        "late. Covers innovations, their reports, answers and evidence, OPD units, "
        "facilitators, ideas, calls, lab projects, their documents and OPD commitments, "
        "learning events with their attendance and materials, publications and their "
        "documents, and discussion posts; each reader sees the subjects whose whole list "
        "they may read (ideas: triagers; calls: their managers; posts: those who take part)."
    ),
    parameters=[FeedQuerySerializer],
    responses={200: FeedPageSerializer},
)
class ChangeFeedApi(FeedApi):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_HISTORY
    write_action = Action.VIEW_HISTORY
    serializer_class = FeedPageSerializer

    def get(self, request: Request) -> Response:
        after, size = self.feed_query(request)
        subjects = readable_subjects(user_of(request), region_of(request))
        rows = change_feed(after=after, limit=size + 1, subjects=subjects)
        return feed_page(
            request,
            rows,
            size,
            cursor_when_empty=request.query_params.get("cursor") or encode_cursor(EPOCH, 0),
            serialize=lambda page: ChangeSerializer(page, many=True).data,
        )
