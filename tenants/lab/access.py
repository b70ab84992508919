"""Who may see and work on the lab: the one rule the lab's pages and API ask. A project, its
documents and an OPD's commitment files are read by those who work in that OPD's lab
(`Action.WORK_IN_LAB` for its OPD: its operators and the region's admins) and by those who read
every OPD's innovations (verifiers, leaders); changing them is `WORK_IN_LAB` for the OPD. Any
other id answers 404. Call inside the region's schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.policy import Action, can, membership_of
from tenants.lab.models import LabProject, OpdCommitment, StageDocument

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region


def may_read_opd(user: User | AnonymousUser, region: Region, opd_id: int) -> bool:
    return can(user, Action.VIEW_ALL_INNOVATIONS, region) or can(
        user, Action.WORK_IN_LAB, region, opd_id=opd_id
    )


def may_work_in_lab(user: User | AnonymousUser | None, region: Region) -> bool:
    """May the user work in at least one OPD's lab here (admins any, operators their own)?"""
    membership = membership_of(user, region)
    return can(user, Action.WORK_IN_LAB, region, opd_id=membership.opd_id if membership else None)


def visible_projects(user: User | AnonymousUser, region: Region) -> QuerySet[LabProject]:
    queryset = LabProject.objects.select_related("opd", "origin_idea", "innovation")
    if can(user, Action.VIEW_ALL_INNOVATIONS, region):
        return queryset
    if not can(user, Action.VIEW_REGION, region):
        return queryset.none()
    membership = membership_of(user, region)
    opd_id = membership.opd_id if membership else None
    if opd_id is None or not can(user, Action.WORK_IN_LAB, region, opd_id=opd_id):
        return queryset.none()
    return queryset.filter(opd_id=opd_id)


def project_for(
    user: User | AnonymousUser, region: Region, pk: int, *, write: bool = False
) -> LabProject:
    """Project `pk` for `user`: 404 when they cannot see it, PermissionDenied when they see it
    but `write` and may not work in its OPD's lab."""
    project = visible_projects(user, region).filter(pk=pk).first()
    if project is None:
        raise Http404
    if write and not can(user, Action.WORK_IN_LAB, region, opd_id=project.opd_id):
        raise PermissionDenied
    return project


def document_for(user: User | AnonymousUser, region: Region, pk: int, doc_id: int) -> StageDocument:
    project = project_for(user, region, pk)
    document = StageDocument.objects.filter(pk=doc_id, project=project).first()
    if document is None:
        raise Http404
    return document


def commitment_for(
    user: User | AnonymousUser, region: Region, pk: int, *, write: bool = False
) -> OpdCommitment:
    """Commitment `pk` (its file is read like the OPD's lab projects)."""
    if not can(user, Action.VIEW_REGION, region):
        raise Http404
    commitment = OpdCommitment.objects.select_related("opd").filter(pk=pk).first()
    if commitment is None or not may_read_opd(user, region, commitment.opd_id):
        raise Http404
    if write and not can(user, Action.WORK_IN_LAB, region, opd_id=commitment.opd_id):
        raise PermissionDenied
    return commitment


def lab_opd_ids(user: User | AnonymousUser | None, region: Region) -> list[int] | None:
    """The OPDs whose lab the user works in: None for every OPD (admins), else their own (or
    none)."""
    if can(user, Action.WORK_IN_LAB, region):
        return None
    membership = membership_of(user, region)
    if membership is not None and membership.opd_id is not None and may_work_in_lab(user, region):
        return [membership.opd_id]
    return []
