"""What the change feeds (the region's history feed, the public site's change feed) share: the
position a client sends back as `cursor` (when the last change read was recorded and its id),
the query, and the page's shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

if TYPE_CHECKING:
    from rest_framework.request import Request

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# A position in the feed: when the last change read was recorded (microseconds since 1970) and
# its id. Every string of this shape is a position, so a client can never send a broken one.
CURSOR_PATTERN = r"^[0-9]{1,19}\.[0-9]{1,19}$"
_LATEST = datetime.max.replace(tzinfo=UTC)


def encode_cursor(at: datetime, pk: int) -> str:
    delta = at - EPOCH
    return f"{delta.days * 86_400_000_000 + delta.seconds * 1_000_000 + delta.microseconds}.{pk}"


def decode_cursor(value: str) -> tuple[datetime, int]:
    micro, pk = value.split(".")
    try:
        at = EPOCH + timedelta(microseconds=int(micro))
    except OverflowError:
        at = _LATEST
    return at, min(int(pk), 2**63 - 1)


class FeedQuerySerializer(serializers.Serializer):
    cursor = serializers.RegexField(
        CURSOR_PATTERN,
        required=False,
        max_length=40,
        help_text="The `next` cursor of the previous page; none to read from the beginning.",
    )
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=500, default=100)

    def validate_cursor(self, value: str) -> tuple[datetime, int]:
        return decode_cursor(value)


class FeedPageFields(serializers.Serializer):
    """A feed's page but its `results` (each feed's serializer adds them)."""

    next = serializers.RegexField(
        CURSOR_PATTERN,
        help_text=(
            "Where to read on from: always given, also when `results` is empty (ask again "
            "later with it for what happens next)."
        ),
    )
    next_url = serializers.URLField()
    has_more = serializers.BooleanField(help_text="More settled changes wait after this page.")


class FeedEntry(Protocol):
    at: datetime
    pk: Any


def feed_page(
    request: Request,
    rows: Sequence[FeedEntry],
    size: int,
    *,
    cursor_when_empty: str,
    serialize: Callable[[Sequence[Any]], Any],
) -> Response:
    """The answer for `rows` (up to size + 1 read, the extra one saying more wait): the first
    `size` serialized, and the cursor after the last of them (`cursor_when_empty` when none)."""
    page = rows[:size]
    cursor = encode_cursor(page[-1].at, page[-1].pk) if page else cursor_when_empty
    return Response(
        {
            "next": cursor,
            "next_url": replace_query_param(request.build_absolute_uri(), "cursor", cursor),
            "has_more": len(rows) > size,
            "results": serialize(page),
        }
    )


class FeedApi(generics.GenericAPIView):
    """A change feed's view: one page of rows after the client's cursor (`feed_query`), answered
    by `feed_page`; no filters or page numbers of the lists."""

    filter_backends: list = []
    pagination_class = None

    def feed_query(self, request: Request) -> tuple[tuple[datetime, int] | None, int]:
        """The position to read on from (None: the beginning) and the page size asked for."""
        query = FeedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data.get("cursor"), query.validated_data["page_size"]
