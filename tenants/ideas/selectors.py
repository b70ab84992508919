"""Reads of the idea box. Call inside the region's schema."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q, QuerySet

from accounts.policy import Action, can
from tenants.ideas.models import Idea, IdeaStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region

# Ideas every member reads: those Bappeda accepted (for an OPD to adopt) and those adopted.
SHARED_STATUSES = (IdeaStatus.ACCEPTED, IdeaStatus.ADOPTED)
# How alike two titles must be (pg_trgm similarity, 0..1) to be offered as a possible duplicate.
SIMILAR_TITLE_THRESHOLD = 0.3


def visible_ideas(user: User | AnonymousUser, region: Region) -> QuerySet[Idea]:
    """Triagers read every idea; other members the shared ones and their own proposals."""
    queryset = Idea.objects.select_related("suggested_opd", "adopted_by_opd", "duplicate_of")
    if can(user, Action.MANAGE_IDEAS, region):
        return queryset
    if not can(user, Action.VIEW_REGION, region):
        return queryset.none()
    return queryset.filter(Q(status__in=SHARED_STATUSES) | Q(proposer_user_id=user.pk))


def idea_list(
    queryset: QuerySet[Idea],
    *,
    status: str | None = None,
    proposer_kind: str | None = None,
    opd_id: int | None = None,
    search: str = "",
) -> QuerySet[Idea]:
    if status:
        queryset = queryset.filter(status=status)
    if proposer_kind:
        queryset = queryset.filter(proposer_kind=proposer_kind)
    if opd_id:
        queryset = queryset.filter(Q(suggested_opd_id=opd_id) | Q(adopted_by_opd_id=opd_id))
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(problem__icontains=search))
    return queryset


def similar_ideas(idea: Idea, limit: int = 5) -> list[Idea]:
    """Other ideas whose title looks like this one's (trigram similarity), most alike first: the
    "did you mean" list a triager checks before calling an idea new or a duplicate."""
    return list(
        Idea.objects.exclude(pk=idea.pk)
        .annotate(likeness=TrigramSimilarity("title", idea.title))
        .filter(likeness__gte=SIMILAR_TITLE_THRESHOLD)
        .order_by("-likeness", "-created_at")[:limit]
    )


def idea_by_receipt(code: str) -> Idea | None:
    """The idea a receipt code belongs to, however it was typed (any case, with or without the
    dashes it is shown with: XXXX-XXXX-XX)."""
    raw = re.sub(r"[^A-Z0-9]", "", code.upper())
    if len(raw) != 10:
        return None
    stored = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    return Idea.objects.filter(receipt_code=stored).only("status", "created_at").first()


def status_counts() -> dict[str, int]:
    counts = dict.fromkeys(IdeaStatus.values, 0)
    for status in Idea.objects.values_list("status", flat=True):
        counts[status] += 1
    return counts
