"""Writes to the idea box. Anyone in the region proposes (members through their account, the
public through the region site's public form); the triagers (Action.MANAGE_IDEAS) mark an idea as
needing work, a duplicate of another, or accepted; an OPD adopts an accepted idea
(Action.WORK_IN_LAB for that OPD), which starts a lab project from it (tenants.lab). Every
function runs in the region's schema; an audit event and the notices go in the same
transaction."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tenants.utils import tenant_context

from accounts.policy import Action, members_who_may, require
from core.audit import record_event
from core.notices import notify
from tenants.history.models import Change
from tenants.history.services import record_row_change
from tenants.ideas.models import Idea, IdeaStatus, ProposerKind

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.lab.models import LabProject
    from tenants.organization.models import OpdUnit

# Unambiguous letters and digits (no 0/O, 1/I/L): read aloud or typed from a phone.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TEXT_FIELDS = ("title", "problem", "proposal")
# Where triage may send an idea; adopted is the OPD's step, not the triager's.
TRIAGE_STATUSES = (
    IdeaStatus.NEW,
    IdeaStatus.NEEDS_WORK,
    IdeaStatus.DUPLICATE,
    IdeaStatus.ACCEPTED,
)


def new_receipt_code() -> str:
    """Ten random characters (about 49 bits) shown as XXXX-XXXX-XX."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _clean_text(data: dict[str, Any]) -> dict[str, str]:
    cleaned = {key: str(data.get(key, "")).strip() for key in TEXT_FIELDS}
    errors = {key: _("Wajib diisi.") for key, value in cleaned.items() if not value}
    if errors:
        raise ValidationError(errors)
    return cleaned


def _create(region: Region, idea: Idea, actor: User | None = None) -> Idea:
    idea.receipt_code = new_receipt_code()
    while Idea.objects.filter(receipt_code=idea.receipt_code).exists():
        idea.receipt_code = new_receipt_code()
    idea.full_clean()
    idea.save()
    _record(actor, idea, "created")
    record_event(
        "idea.proposed",
        actor=actor,
        region=region,
        data={"id": idea.pk, "proposer_kind": idea.proposer_kind},
    )
    notify(
        region=region,
        user_ids=members_who_may(Action.MANAGE_IDEAS, region).values_list("pk", flat=True),
        kind="idea.proposed",
        title=gettext_noop("Ide baru di kotak ide: %(title)s"),
        params={"title": idea.title},
        path=reverse("ideas:detail", args=[idea.pk]),
        source=f"idea-proposed:{idea.pk}",
    )
    return idea


def _record(
    actor: User | None, idea: Idea, action: str, changes: dict[str, tuple[Any, Any]] | None = None
) -> None:
    record_row_change(
        actor=actor,
        subject=Change.Subject.IDEA,
        action=action,
        subject_id=idea.pk,
        summary=idea.title,
        changes=changes,
    )


def idea_submit_public(
    *, region: Region, data: dict[str, Any], suggested_opd: OpdUnit | None = None
) -> Idea:
    """An idea from the public form (no account): the caller has checked the form's guards."""
    text = _clean_text(data)
    name = str(data.get("proposer_name", "")).strip()
    if not name:
        raise ValidationError({"proposer_name": _("Wajib diisi.")})
    with tenant_context(region), transaction.atomic():
        return _create(
            region,
            Idea(
                **text,
                proposer_kind=ProposerKind.PUBLIC,
                proposer_name=name,
                proposer_contact=str(data.get("proposer_contact", "")).strip(),
                suggested_opd=suggested_opd,
            ),
        )


def idea_propose(
    *,
    region: Region,
    actor: User,
    data: dict[str, Any],
    proposer_kind: str = ProposerKind.ASN,
    suggested_opd: OpdUnit | None = None,
) -> Idea:
    """An idea from a member, through their account (as an ASN or on behalf of their OPD)."""
    require(actor, Action.VIEW_REGION, region)
    if proposer_kind not in (ProposerKind.ASN, ProposerKind.OPD):
        raise ValidationError({"proposer_kind": _("Pilih ASN atau OPD.")})
    text = _clean_text(data)
    with tenant_context(region), transaction.atomic():
        return _create(
            region,
            Idea(
                **text,
                proposer_kind=proposer_kind,
                proposer_name=(actor.get_full_name() or actor.email)[:150],
                proposer_contact=actor.email,
                proposer_user_id=actor.pk,
                suggested_opd=suggested_opd,
            ),
            actor,
        )


def idea_triage(
    *,
    region: Region,
    actor: User | None,
    idea: Idea,
    status: str,
    note: str = "",
    duplicate_of: Idea | None = None,
) -> Idea:
    """Bappeda's verdict on an idea. A duplicate names the idea it repeats; an idea that needs
    work says what is missing. An adopted idea is the OPD's now and stays as it is."""
    if actor is not None:
        require(actor, Action.MANAGE_IDEAS, region)
    if status not in TRIAGE_STATUSES:
        raise ValidationError({"status": _("Status triase tidak dikenal.")})
    note = note.strip()
    with tenant_context(region), transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        if idea.status == IdeaStatus.ADOPTED:
            raise ValidationError(_("Ide ini sudah diadopsi OPD; triasenya tidak dapat diubah."))
        if status == IdeaStatus.DUPLICATE:
            if duplicate_of is None or duplicate_of.pk == idea.pk:
                raise ValidationError({"duplicate_of": _("Pilih ide lain yang diulanginya.")})
            if not Idea.objects.filter(pk=duplicate_of.pk).exists():
                raise ValidationError({"duplicate_of": _("Ide itu tidak ada.")})
        if status == IdeaStatus.NEEDS_WORK and not note:
            raise ValidationError({"note": _("Tuliskan apa yang perlu dilengkapi.")})
        old = idea.status
        idea.status = status
        idea.duplicate_of = duplicate_of if status == IdeaStatus.DUPLICATE else None
        idea.triage_note = note
        idea.triaged_by_id = actor.pk if actor is not None else None
        idea.triaged_at = timezone.now()
        idea.save()
        _record(actor, idea, "updated", {"status": (old, status)})
        record_event(
            "idea.triaged",
            actor=actor,
            region=region,
            data={"id": idea.pk, "status": [old, status]},
        )
        if idea.proposer_user_id is not None and old != status:
            notify(
                region=region,
                user_ids=[idea.proposer_user_id],
                kind="idea.triaged",
                title=gettext_noop("Ide Anda “%(title)s” kini berstatus: %(status)s"),
                params={"title": idea.title, "status": idea.get_status_display()},
                path=reverse("ideas:detail", args=[idea.pk]),
                source=f"idea-triaged:{idea.pk}:{status}",
            )
    return idea


def idea_adopt(*, region: Region, actor: User | None, idea: Idea, opd: OpdUnit) -> LabProject:
    """An OPD takes an accepted idea on: it becomes a lab project of that OPD, in its first
    stage. Operators adopt for their own OPD; admins for any."""
    from tenants.lab.services import project_create

    if actor is not None:
        require(actor, Action.WORK_IN_LAB, region, opd_id=opd.pk)
    with tenant_context(region), transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        if idea.status != IdeaStatus.ACCEPTED:
            raise ValidationError(_("Hanya ide yang sudah diterima Bappeda yang dapat diadopsi."))
        idea.status = IdeaStatus.ADOPTED
        idea.adopted_by_opd = opd
        idea.adopted_at = timezone.now()
        idea.save()
        _record(actor, idea, "updated", {"status": (IdeaStatus.ACCEPTED, IdeaStatus.ADOPTED)})
        project = project_create(
            region=region,
            actor=actor,
            opd=opd,
            title=idea.title,
            problem=idea.problem,
            origin_idea=idea,
        )
        record_event(
            "idea.adopted",
            actor=actor,
            region=region,
            data={"id": idea.pk, "opd_id": opd.pk, "lab_project_id": project.pk},
        )
        if idea.proposer_user_id is not None:
            notify(
                region=region,
                user_ids=[idea.proposer_user_id],
                kind="idea.adopted",
                title=gettext_noop("Ide Anda “%(title)s” diadopsi oleh %(opd)s"),
                params={"title": idea.title, "opd": opd.name},
                path=reverse("ideas:detail", args=[idea.pk]),
                source=f"idea-adopted:{idea.pk}",
            )
    return project
