"""Who may see an idea: the one rule the idea box's pages and API ask. Triagers
(`Action.MANAGE_IDEAS`) read every idea; other members the accepted and adopted ones and their
own proposals; anyone else, or an id that is not one of these, gets 404. Call inside the
region's schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from accounts.policy import Action, can, require
from tenants.ideas.selectors import visible_ideas

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region
    from tenants.ideas.models import Idea


def idea_for(
    user: User | AnonymousUser, region: Region, pk: int, *, action: Action = Action.VIEW_REGION
) -> Idea:
    """Idea `pk` for `user` wanting to `action` it: PermissionDenied when they may not, 404 when
    they cannot see it."""
    require(user, action, region)
    idea = visible_ideas(user, region).filter(pk=pk).first()
    if idea is None:
        raise Http404
    return idea


def may_see_proposer(user: User | AnonymousUser, region: Region, idea: Idea) -> bool:
    """The proposer's name and contact are for the triagers and the proposer only."""
    return can(user, Action.MANAGE_IDEAS, region) or (
        idea.proposer_user_id is not None and idea.proposer_user_id == getattr(user, "pk", None)
    )
