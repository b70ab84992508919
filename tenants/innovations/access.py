"""Who may see an innovation: the one rule every page, API endpoint, export and score view of the
region's innovations asks. Region-wide roles (admins, verifiers, leaders) see every OPD's
innovations; an OPD operator sees their own OPD's only. An innovation that is not visible answers
404, never 403, so ids of other OPDs' innovations are not confirmed. Call inside the region's
schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from accounts.policy import Action, can, membership_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation


def visible_opd_id(user: User | AnonymousUser | None, region: Region) -> int | None:
    """The only OPD whose innovations `user` may see, or None when they may see all (-1: none)."""
    if can(user, Action.VIEW_ALL_INNOVATIONS, region):
        return None
    membership = membership_of(user, region)
    return membership.opd_id if membership is not None else -1


def innovation_for(user: User, region: Region, pk: int) -> Innovation:
    """The innovation if `user` may see it, else Http404."""
    from tenants.innovations.selectors import innovation_get

    innovation = innovation_get(user=user, region=region, pk=pk)
    if innovation is None:
        raise Http404
    return innovation
