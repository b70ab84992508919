"""The public site's change feed over the API: what changed in the catalog, the regions, the
index snapshots, the official results and the rubric, oldest first, read on with a cursor
(deletions included). Who reads which: core.public_changes.reader_for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response

from api.errors import error_response
from api.feeds import FeedApi, FeedQuerySerializer, encode_cursor, feed_page
from api.public_changes.serializers import (
    PublicChangeSerializer,
    PublicFeedPageSerializer,
    region_slugs,
)
from api.schema import ErrorEnvelope
from core.public_changes import CursorExpired, public_change_feed, reader_for

if TYPE_CHECKING:
    from rest_framework.request import Request


@extend_schema(
    tags=["sync"],
    summary="The public change feed: every change of the public collections, read on with a cursor",
    description=(
        "For keeping a copy of the catalog, the regions, the index snapshots, the rubric years "
        "and (platform operators) the official results in sync, deletions included: "
        "`operation` is `created`, `updated` or `deleted` (a tombstone), `collection` and "
        "`key` name the row, `resource` where to read it again. Read from the beginning "
        "without `cursor`, then always with the `next` of the last page, also when it had no "
        "results. A change appears once every transaction that started before it has ended "
        "(a few seconds), so reading on never skips one that committed late. Changes are kept "
        "`PUBLIC_CHANGE_KEEP_DAYS` (90 by default): a cursor older than that is 410 "
        "`cursor_expired`; read the collections again, then the feed without a cursor. A "
        "snapshot's update that moved only the estimate over unverified work is shown to "
        "whoever may see that estimate (platform operators, the province's viewers)."
    ),
    parameters=[FeedQuerySerializer],
    responses={200: PublicFeedPageSerializer, 400: ErrorEnvelope, 410: ErrorEnvelope},
)
class PublicChangeFeedApi(FeedApi):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicFeedPageSerializer

    def get(self, request: Request) -> Response:
        after, size = self.feed_query(request)
        try:
            page = public_change_feed(reader_for(request.user), after=after, limit=size + 1)
        except CursorExpired:
            return error_response(
                410,
                "cursor_expired",
                _(
                    "Posisi ini lebih tua dari perubahan yang masih disimpan: baca ulang "
                    "koleksinya, lalu ikuti umpan ini dari awal."
                ),
            )
        if after is None or after[0] < page.settled_before:
            # Nothing new this reader may see before the horizon, and nothing more will appear
            # there: reading on from it skips nothing and keeps a quiet reader's position from
            # growing older than what is kept.
            when_empty = encode_cursor(page.settled_before, 0)
        else:
            when_empty = encode_cursor(*after)
        return feed_page(
            request,
            page.changes,
            size,
            cursor_when_empty=when_empty,
            serialize=lambda changes: (
                PublicChangeSerializer(
                    changes, many=True, context={"slugs": region_slugs(changes)}
                ).data
            ),
        )
