"""The public change feed: what changed in the public site's collections, oldest first, for an
integrator keeping a copy (the API's `/changes/`). The rows are written by the database
(core.models.PublicChange, triggers of migration 0004); this module says who reads which, reads
on from a position and forgets old ones.

Who reads what (the one rule, `reader_for`): the catalog, the regions, the index snapshots and
the rubric years are everyone's, but an update of a snapshot that moved only the estimate over
unverified work is shown to those who may see that region's estimate (rankings.Audience), and
the official results desk's collection to those who run the platform, as its list is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.policy import Action, can
from core.commit_horizon import settled_before
from core.models import PublicChange
from rankings.selectors import Audience, audience_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

CATALOG = "catalog"
REGIONS = "regions"
SNAPSHOTS = "rankings/snapshots"
OFFICIAL_RESULTS = "official-results"
RUBRIC_YEARS = "rubric/years"

EVERYONES = (CATALOG, REGIONS, SNAPSHOTS, RUBRIC_YEARS)
COLLECTIONS = (*EVERYONES, OFFICIAL_RESULTS)


@dataclass(frozen=True)
class Reader:
    collections: tuple[str, ...]
    audience: Audience


def reader_for(user: User | AnonymousUser | None) -> Reader:
    collections: tuple[str, ...] = EVERYONES
    if user is not None and can(user, Action.MANAGE_PLATFORM):
        collections = COLLECTIONS
    return Reader(collections=collections, audience=audience_for(user))


class CursorExpired(Exception):
    """The position is older than what is kept: the reader must read the collections again."""


def oldest_kept() -> datetime:
    return timezone.now() - timedelta(days=settings.PUBLIC_CHANGE_KEEP_DAYS)


@dataclass(frozen=True)
class FeedPage:
    changes: list[PublicChange]
    # Every change recorded before this moment is settled: nothing more will appear before it,
    # so a reader who has seen everything up to it may read on from there.
    settled_before: datetime


def public_change_feed(
    reader: Reader, *, after: tuple[datetime, int] | None, limit: int
) -> FeedPage:
    """Up to `limit` changes `reader` may see after the position `after` ((at, id) of the last
    one read), oldest first, only those settled (core.commit_horizon): reading on from the last
    position never skips a change that committed late. Raises CursorExpired for a position
    older than PUBLIC_CHANGE_KEEP_DAYS, whose following changes may have been forgotten."""
    horizon = settled_before()
    queryset = PublicChange.objects.filter(at__lt=horizon, collection__in=reader.collections)
    if not reader.audience.everything:
        seen = reader.audience.seen_regions().values("pk")
        queryset = queryset.filter(Q(is_public=True) | Q(region_id__in=seen))
    if after is not None:
        at, pk = after
        # The beginning (1970) is always a position one may read from.
        if at.year > 1970 and at < oldest_kept():
            raise CursorExpired
        queryset = queryset.filter(Q(at__gt=at) | Q(at=at, pk__gt=pk))
    return FeedPage(list(queryset.order_by("at", "pk")[:limit]), horizon)


def prune_public_changes() -> int:
    deleted, _by_model = PublicChange.objects.filter(at__lt=oldest_kept()).delete()
    return deleted
