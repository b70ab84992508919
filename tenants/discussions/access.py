"""Who may take part in a discussion: Action.DISCUSS for the OPD the thread is with (an OPD
operator only their own OPD's; Bappeda's admins and verifiers every OPD's). An innovation's
thread is with the innovation's OPD, and the innovation must be visible to the user
(tenants.innovations.access). A shared attachment (kelitbangan result) is readable by every
member (Action.VIEW_REGION). What is not there, or not visible, answers 404. Call inside the
region's schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.policy import Action, can, membership_of, require
from tenants.discussions.models import Post, Subject, Thread
from tenants.discussions.selectors import innovation_names, post_get, thread_get, thread_list
from tenants.innovations.access import innovation_for
from tenants.organization.selectors import opd_unit_get

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit


@dataclass
class Place:
    """What a thread is about, and the thread when it has been opened."""

    subject_kind: str
    subject_id: int
    opd: OpdUnit
    innovation: Innovation | None
    thread: Thread | None

    @property
    def title(self) -> str:
        return self.innovation.name if self.innovation is not None else self.opd.name


def place_for(user: User, region: Region, subject_kind: str, subject_id: int) -> Place:
    """The discussion place about an innovation or an OPD, if `user` may take part in it."""
    require(user, Action.VIEW_REGION, region)
    innovation = None
    if subject_kind == Subject.INNOVATION:
        innovation = innovation_for(user, region, subject_id)
        opd = innovation.opd
    elif subject_kind == Subject.OPD:
        unit = opd_unit_get(subject_id)
        if unit is None:
            raise Http404
        opd = unit
    else:
        raise Http404
    require(user, Action.DISCUSS, region, opd_id=opd.pk)
    return Place(subject_kind, subject_id, opd, innovation, thread_get(subject_kind, subject_id))


def thread_opd_id(thread: Thread) -> int:
    """The OPD a thread is with now (an innovation may have moved to another OPD)."""
    if thread.subject_kind == Subject.INNOVATION:
        from tenants.innovations.models import Innovation

        current = Innovation.objects.filter(pk=thread.subject_id).values_list("opd_id", flat=True)
        return current.first() or thread.opd_id
    return thread.opd_id


def may_read_thread(user: User | AnonymousUser, region: Region, thread: Thread) -> bool:
    return can(user, Action.DISCUSS, region, opd_id=thread_opd_id(thread))


@dataclass(frozen=True)
class ThreadRow:
    thread: Thread
    title: str  # the innovation's name, or the OPD's


def threads_of(user: User, region: Region, limit: int = 200) -> list[ThreadRow]:
    """The threads `user` takes part in, latest activity first (Bappeda: every OPD's; an OPD
    operator: their OPD's, and an innovation's thread only while it is with that OPD)."""
    opd_id = discussable_opd_id(user, region)
    threads = list(thread_list(opd_id=opd_id)[:limit])
    names = innovation_names(threads)
    return [
        ThreadRow(
            thread,
            names.get(thread.subject_id, "")
            if thread.subject_kind == Subject.INNOVATION
            else thread.opd.name,
        )
        for thread in threads
        if opd_id is None or may_read_thread(user, region, thread)
    ]


def post_for(user: User, region: Region, post_id: int) -> Post:
    """A post of a thread `user` may read (to take it back: the service asks whether they
    may); else Http404."""
    require(user, Action.VIEW_REGION, region)
    post = post_get(post_id)
    if post is None or not may_read_thread(user, region, post.thread):
        raise Http404
    return post


def attachment_for(user: User, region: Region, post_id: int) -> Post:
    """A post's attachment: shared ones to every member, the others to who may read the thread."""
    require(user, Action.VIEW_REGION, region)
    post = post_get(post_id)
    if post is None or not post.attachment:
        raise Http404
    if post.shared or may_read_thread(user, region, post.thread):
        return post
    raise Http404


def discussable_opd_id(user: User, region: Region) -> int | None:
    """None when the user may discuss with every OPD; else the one OPD they may discuss about
    (PermissionDenied when none)."""
    if can(user, Action.DISCUSS, region):
        return None
    membership = membership_of(user, region)
    if (
        membership is not None
        and membership.opd_id is not None
        and can(user, Action.DISCUSS, region, opd_id=membership.opd_id)
    ):
        return membership.opd_id
    raise PermissionDenied
