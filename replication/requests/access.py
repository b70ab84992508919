"""Who may see a replication request: the one rule its pages and API ask. A member of either of
its two regions sees it from that region's site; anyone else (another region, a stranger, the
same request asked for on an unrelated region's site) gets 404, so requests between other
regions are not even confirmed to exist. What each side may do with it is the services' answer
(`allowed_transitions`, `may_act`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from replication.requests.selectors import request_document, visible_request

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region
    from replication.requests.models import ReplicationRequest, RequestDocument


def request_for(user: User | AnonymousUser, region: Region | None, pk: int) -> ReplicationRequest:
    """Request `pk` if `user` may see it from `region`'s site, else Http404."""
    found = visible_request(user, region, pk)
    if found is None:
        raise Http404
    return found


def document_for(
    user: User | AnonymousUser, region: Region | None, pk: int, doc_id: int
) -> RequestDocument:
    """A document of a request `user` may see, else Http404 (also for another request's)."""
    document = request_document(request_for(user, region, pk), doc_id)
    if document is None:
        raise Http404
    return document
