"""A position in a change feed (the region's history feed, the public site's change feed), as
the `cursor` a client sends back: when the last change read was recorded and its id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rest_framework import serializers

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
