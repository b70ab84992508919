"""Who may read the change history: the region's admins, verifiers and leaders
(Action.VIEW_HISTORY), and of each subject only the changes of a collection they may read in
full. The API's history and feed, the history page and its exports all ask readable_subjects, so
the history never tells a reader of rows its collection would not show them (ideas still in
triage, draft calls, OPD discussions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.policy import Action, can
from tenants.history.models import Change

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region

Subject = Change.Subject

# The action that lets a reader see every row of the subject's collection.
SUBJECT_READERS: dict[str, Action] = {
    Subject.INNOVATION: Action.VIEW_ALL_INNOVATIONS,
    Subject.REPORT: Action.VIEW_ALL_INNOVATIONS,
    Subject.ANSWER: Action.VIEW_ALL_INNOVATIONS,
    Subject.EVIDENCE: Action.VIEW_ALL_INNOVATIONS,
    Subject.MEMBER: Action.MANAGE_MEMBERS,
    Subject.OPD_UNIT: Action.VIEW_REGION,
    Subject.FACILITATOR: Action.VIEW_REGION,
    # Other members see only the shared ideas and their own (tenants.ideas.selectors).
    Subject.IDEA: Action.MANAGE_IDEAS,
    # Others see only calls out of draft (tenants.calls.selectors.public_calls).
    Subject.CALL: Action.MANAGE_CALLS,
    # Only the call's managers read its submissions (api.calls.views.CallSubmissionListApi).
    Subject.CALL_SUBMISSION: Action.MANAGE_CALLS,
    Subject.LAB_PROJECT: Action.VIEW_ALL_INNOVATIONS,
    Subject.LAB_DOCUMENT: Action.VIEW_ALL_INNOVATIONS,
    Subject.COMMITMENT: Action.VIEW_ALL_INNOVATIONS,
    Subject.EVENT: Action.VIEW_REGION,
    Subject.ATTENDANCE: Action.VIEW_REGION,
    Subject.MATERIAL: Action.VIEW_REGION,
    Subject.PUBLICATION: Action.VIEW_ALL_INNOVATIONS,
    Subject.PUBLICATION_DOCUMENT: Action.VIEW_ALL_INNOVATIONS,
    Subject.REPORTING_TARGET: Action.MANAGE_PROGRAMME,
    # Threads are read by those who take part in them (tenants.discussions.access).
    Subject.INNOVATION_POST: Action.DISCUSS,
    Subject.OPD_POST: Action.DISCUSS,
}


def readable_subjects(user: User | AnonymousUser | None, region: Region) -> list[str]:
    """The subjects whose changes `user` may read here; none without Action.VIEW_HISTORY. A
    subject missing from SUBJECT_READERS is read by no one."""
    if not can(user, Action.VIEW_HISTORY, region):
        return []
    return [
        subject
        for subject in Subject.values
        if subject in SUBJECT_READERS and can(user, SUBJECT_READERS[subject], region)
    ]
