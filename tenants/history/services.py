"""Recording changes. Call inside the transaction of the change, in the region's schema.

A recorded change is also the region's announcement that its data moved: record_change records,
in the same transaction, the effects every such change has outside the region
(pipeline.effects.REGION_CHANGE: its catalog entries, its index snapshot of the year). The region
is passed in by the caller, never guessed from the connection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.files import File
from django.db import router
from django.db.models.deletion import Collector

from pipeline.services import region_changed
from rubric.years import current_year
from tenants.history.models import Change

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model

    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation


def jsonable(value: Any) -> Any:
    """A value as it should appear in the history (dates as ISO text, files by name)."""
    if isinstance(value, File):  # a stored file (FieldFile), or one just uploaded
        return value.name.rsplit("/", 1)[-1] if value.name else ""  # bool(value) is bool(name)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return value


def _recorded_actor(actor: User | None) -> tuple[int | None, str]:
    """The actor's id and name as a change records them (none for the system)."""
    if actor is None or not actor.is_authenticated:
        return None, ""
    return actor.pk, actor.get_full_name() or actor.email


def record_change(
    *,
    region: Region,
    actor: User | None,
    subject: str,
    action: str,
    innovation: Innovation | None = None,
    year: int | None = None,
    subject_id: int | None = None,
    parent_id: int | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> Change:
    """A change to an innovation or its assessment: recorded as any row's, and announced to
    what is computed from the region's innovations (the catalog, the index)."""
    change = record_row_change(
        actor=actor,
        subject=subject,
        action=action,
        subject_id=subject_id,
        parent_id=parent_id,
        innovation=innovation,
        year=year,
        summary=summary,
        changes=changes,
    )
    # A profile change has no year of its own: it counts in the current assessment year.
    region_changed(region, year=year or current_year())
    return change


def record_row_change(
    *,
    actor: User | None,
    subject: str,
    action: str,
    subject_id: int | None,
    parent_id: int | None = None,
    innovation: Innovation | None = None,
    year: int | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> Change:
    """A row of one of the region's other collections (Change.Subject beyond innovations and their
    assessment) created, updated or deleted (`action`): what the change feed tells a copy kept
    elsewhere. Unlike record_change it announces nothing outside the region: these rows are not
    in the catalog or the index, and the services that change what is announce it themselves."""
    actor_id, actor_name = _recorded_actor(actor)
    return Change.objects.create(
        actor_id=actor_id,
        actor_name=actor_name,
        innovation_id=innovation.pk if innovation else None,
        innovation_name=innovation.name if innovation else "",
        year=year,
        subject=subject,
        subject_id=subject_id,
        parent_id=parent_id,
        action=action,
        summary=summary[:300],
        changes={
            key: [jsonable(old), jsonable(new)] for key, (old, new) in (changes or {}).items()
        },
    )


def _post_subject(post: Any) -> tuple[str, int | None]:
    thread = post.thread
    if thread.subject_kind == "innovation":
        return Change.Subject.INNOVATION_POST, thread.subject_id
    return Change.Subject.OPD_POST, thread.subject_id


# The rows of the other collections the change feed follows, by "app_label.model_name": their
# subject and the id of the parent the API lists them under. A deletion cascades: every followed
# row it takes along gets its tombstone too (record_deletion).
FOLLOWED: dict[str, Callable[[Any], tuple[str, int | None]]] = {
    # An innovation's reports, answers and evidence, where a deletion takes them along.
    "assessment.report": lambda row: (Change.Subject.REPORT, None),
    "assessment.answer": lambda row: (Change.Subject.ANSWER, row.report_id),
    "assessment.evidence": lambda row: (Change.Subject.EVIDENCE, row.answer_id),
    "organization.opdunit": lambda row: (Change.Subject.OPD_UNIT, None),
    "organization.facilitator": lambda row: (Change.Subject.FACILITATOR, row.opd_id),
    "ideas.idea": lambda row: (Change.Subject.IDEA, None),
    "calls.call": lambda row: (Change.Subject.CALL, None),
    "calls.submission": lambda row: (Change.Subject.CALL_SUBMISSION, row.call_id),
    "lab.labproject": lambda row: (Change.Subject.LAB_PROJECT, None),
    "lab.stagedocument": lambda row: (Change.Subject.LAB_DOCUMENT, row.project_id),
    "lab.opdcommitment": lambda row: (Change.Subject.COMMITMENT, None),
    "programme.learningevent": lambda row: (Change.Subject.EVENT, None),
    "programme.attendance": lambda row: (Change.Subject.ATTENDANCE, row.event_id),
    "programme.eventmaterial": lambda row: (Change.Subject.MATERIAL, row.event_id),
    "publishing.publication": lambda row: (Change.Subject.PUBLICATION, row.innovation_id),
    "publishing.publicationdocument": lambda row: (
        Change.Subject.PUBLICATION_DOCUMENT,
        row.publication.innovation_id,
    ),
    "discussions.post": _post_subject,
}


def followed(row: Model) -> tuple[str, int | None] | None:
    """The subject and parent id of a row the change feed follows; None for any other row."""
    describe = FOLLOWED.get(f"{row._meta.app_label}.{row._meta.model_name}")
    return describe(row) if describe is not None else None


def record_row(
    *,
    actor: User | None,
    row: Model,
    action: str,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> Change:
    """record_row_change for a followed row (FOLLOWED names its subject and parent)."""
    described = followed(row)
    assert described is not None, f"{row._meta.label} is not followed by the change feed"
    subject, parent_id = described
    assert isinstance(row.pk, int)
    return record_row_change(
        actor=actor,
        subject=subject,
        action=action,
        subject_id=row.pk,
        parent_id=parent_id,
        summary=summary,
        changes=changes,
    )


def record_rows(*, actor: User | None, rows: list[Model], action: str) -> None:
    """record_row for many followed rows at once (one INSERT), each summarised by its str()."""
    actor_id, actor_name = _recorded_actor(actor)
    changes = []
    for row in rows:
        described = followed(row)
        assert described is not None, f"{row._meta.label} is not followed by the change feed"
        subject, parent_id = described
        changes.append(
            Change(
                actor_id=actor_id,
                actor_name=actor_name,
                subject=subject,
                subject_id=row.pk,
                parent_id=parent_id,
                action=action,
                summary=str(row)[:300],
            )
        )
    Change.objects.bulk_create(changes)


def record_deletion(*, actor: User | None, row: Model, summary: str = "") -> None:
    """The tombstone of `row`, a followed row about to be deleted, and those of the followed rows
    its deletion affects (record_cascade). Call before row.delete(), in its transaction."""
    record_cascade(actor=actor, row=row)
    record_row(actor=actor, row=row, action="deleted", summary=summary or str(row))


def record_cascade(*, actor: User | None, row: Model) -> None:
    """The changes to followed rows that deleting `row` brings: a tombstone for each it takes
    along (on_delete CASCADE), an update for each whose reference to it is cleared (SET_NULL).
    Call before row.delete(), in its transaction; `row` itself is not recorded."""
    collector = Collector(using=router.db_for_write(type(row)), origin=row)
    collector.collect([row])
    taken: list[Model] = [item for items in collector.data.values() for item in items]
    for queryset in collector.fast_deletes:
        taken.extend(queryset)
    seen: set[tuple[str, int]] = set()
    for item in taken:
        key = (item._meta.label, item.pk)
        if key == (row._meta.label, row.pk) or key in seen or followed(item) is None:
            continue
        seen.add(key)
        record_row(actor=actor, row=item, action="deleted", summary=str(item))
    for (field, _value), batches in collector.field_updates.items():
        # Django keeps querysets here (batches of rows); its type stubs say single rows.
        for batch in cast("list[Iterable[Model]]", batches):
            for item in batch:
                if followed(item) is not None:
                    record_row(
                        actor=actor,
                        row=item,
                        action="updated",
                        changes={field.attname: (getattr(item, field.attname), None)},
                    )


def record_changes(
    *,
    region: Region,
    actor: User | None,
    subject: str,
    action: str,
    items: list[tuple[Innovation, int | None, str]],
) -> None:
    """The history rows of many innovations changed at once (innovation, year, summary), with one
    INSERT, and the region's change announced once per year."""
    actor_id, actor_name = _recorded_actor(actor)
    Change.objects.bulk_create(
        Change(
            actor_id=actor_id,
            actor_name=actor_name,
            innovation_id=innovation.pk,
            innovation_name=innovation.name,
            year=year,
            subject=subject,
            subject_id=innovation.pk,
            action=action,
            summary=summary[:300],
        )
        for innovation, year, summary in items
    )
    for year in {year or current_year() for _innovation, year, _summary in items}:
        region_changed(region, year=year)
