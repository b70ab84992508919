"""Export jobs: a file asked for now, written by a worker, fetched when it is ready.

The flow every export shares; each kind registers what it needs (`register`, from its app's
ready()): which file types it writes, who may have it (a function of accounts.policy, the same
the page asks), how its parameters are read, and how it writes into a binary file.

    start_export ─► ExportJob "queued" + effect imports.export (one transaction: durable)
                         ▼ worker (pipeline runner, at least once, holding the key's lock)
    process_export: claim the job "running" (a short transaction under its row lock; the policy
    asked again), write the file to a temporary file on disk with no transaction open, store it
    under exports/<job id>/ (replacing what an interrupted earlier run left), and mark it "done"
    (or "failed" with the reason) in another short transaction. A second delivery finds it done
    and does nothing; a run that died midway left it "running" with its effect due, and the next
    run writes it again.

No transaction stays open while the file is written (a package of every evidence file takes
minutes): an open transaction would hold back the change feeds' horizon and vacuum for that
long. The worker's progress is kept in the cache (losing it only hides the figure). A result is
kept EXPORT_KEEP_HOURS, then `prune_expired_exports` (a beat task) deletes it with its file."""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation

from imports.models import ExportJob, ExportStatus, export_upload_path
from imports.runs import Progress
from pipeline.services import record

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User
    from regions.models import Region

EFFECT = "imports.export"
# What a worker reports while its transaction is open: seconds it stays in the cache at most.
PROGRESS_SECONDS = 3600


@dataclass(frozen=True)
class Exporter:
    file_types: tuple[str, ...]  # the first is the default
    needs_region: bool  # only on a region's site (the region's own data)
    # Who may have this export here: a function of accounts.policy, the one the page asks too.
    allowed: Callable[[User, Region | None], bool]
    # The parameters as kept on the job (defaults filled in); a django ValidationError by
    # parameter (each with its code) when one cannot be used.
    clean: Callable[[dict[str, Any], Region | None], dict[str, Any]]
    # Writes the file into the binary file it is given; returns the name it is offered under.
    write: Callable[[ExportJob, IO[bytes], Progress], str]
    content_types: dict[str, str]  # by file type


EXPORTERS: dict[str, Exporter] = {}


def register(kind: str, exporter: Exporter) -> None:
    EXPORTERS[kind] = exporter


class TooManyExports(Exception):
    """The user already has EXPORT_MAX_ACTIVE_JOBS jobs waiting for a worker."""


def start_export(
    *,
    kind: str,
    region: Region | None,
    actor: User,
    file_type: str | None,
    parameters: dict[str, Any],
) -> ExportJob:
    """Check the request (PermissionDenied, ValidationError, TooManyExports) and record the job
    with its effect in one transaction: once this returns, a worker will write the file."""
    exporter = EXPORTERS[kind]
    if exporter.needs_region and region is None:
        raise ValidationError(
            {
                "kind": ValidationError(
                    translation.gettext("Ekspor ini hanya ada di situs daerah."),
                    code="region_only",
                )
            }
        )
    if not exporter.allowed(actor, region):
        raise PermissionDenied
    chosen = file_type or exporter.file_types[0]
    if chosen not in exporter.file_types:
        raise ValidationError(
            {
                "file_type": ValidationError(
                    translation.gettext("Pilih salah satu: %(types)s.")
                    % {"types": ", ".join(exporter.file_types)},
                    code="invalid_choice",
                )
            }
        )
    cleaned = {**exporter.clean(parameters, region), "language": translation.get_language()}
    now = timezone.now()
    with transaction.atomic():
        # One request of this user at a time here, so two at once cannot both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
        waiting = ExportJob.objects.filter(
            created_by=actor,
            status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING),
            expires_at__gt=now,
        ).count()
        if waiting >= settings.EXPORT_MAX_ACTIVE_JOBS:
            raise TooManyExports
        job = ExportJob.objects.create(
            kind=kind,
            region=region,
            created_by=actor,
            file_type=chosen,
            parameters=cleaned,
            # A job no worker reached in time is pruned like a finished one.
            expires_at=now + timedelta(hours=settings.EXPORT_KEEP_HOURS),
        )
        record(EFFECT, region=region, target=job.pk)
    return job


def progress_key(job: ExportJob) -> str:
    return f"export-job-progress:{job.public_id}"


def progress_of(job: ExportJob) -> tuple[int, int] | None:
    """(done, total) while a worker writes the file; None when unknown."""
    if job.status != ExportStatus.RUNNING:
        return None
    found = cache.get(progress_key(job))
    return (int(found[0]), int(found[1])) if found else None


def _reporter(job: ExportJob) -> Progress:
    def report(done: int, total: int) -> None:
        cache.set(progress_key(job), (done, total), timeout=PROGRESS_SECONDS)

    return report


def process_export(effect: Any) -> None:
    """The `imports.export` effect (target: the job's id), run outside one long transaction
    (pipeline.effects, in_transaction=False: the runner's lock on the key keeps other workers
    out). A refusal (the author lost the right, a parameter no longer names anything) fails the
    job; any other error leaves it running, and the pipeline's retry writes it again."""
    job = _claim(int(effect.target))
    if job is None:
        return  # done by an earlier delivery, deleted, or no longer wanted
    exporter = EXPORTERS[job.kind]
    report = _reporter(job)
    report(0, 0)
    try:
        with translation.override(job.parameters.get("language") or settings.LANGUAGE_CODE):
            _write(job, exporter, report)
    except (PermissionDenied, Http404, ValidationError) as exc:
        _drop_files(job)  # what an interrupted earlier run stored
        _finish(job, ExportStatus.FAILED, error=_reason(exc))
    else:
        _finish(job, ExportStatus.DONE)
    finally:
        cache.delete(progress_key(job))


def _claim(pk: int) -> ExportJob | None:
    """The job marked "running", if it is still to be written: queued, or running when an
    earlier run died before finishing it."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(of=("self",))
            .select_related("region", "created_by")
            .filter(pk=pk)
            .first()
        )
        if job is None or job.expires_at <= timezone.now():
            return None
        if job.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING):
            return None
        if job.status == ExportStatus.QUEUED:
            job.status = ExportStatus.RUNNING
            job.save(update_fields=["status"])
    return job


def _finish(job: ExportJob, status: str, *, error: str = "") -> None:
    """Record the outcome under the job's row lock; a job deleted (or pruned) while its file
    was written is gone, and so is the file."""
    with transaction.atomic():
        current = ExportJob.objects.select_for_update().filter(pk=job.pk).first()
        if current is None or current.status != ExportStatus.RUNNING:
            transaction.on_commit(lambda: _drop_files(job))
            return
        current.status = status
        current.error = error
        current.file = job.file.name if status == ExportStatus.DONE else ""
        current.filename = job.filename if status == ExportStatus.DONE else ""
        current.size = job.size if status == ExportStatus.DONE else None
        current.finished_at = timezone.now()
        current.expires_at = current.finished_at + timedelta(hours=settings.EXPORT_KEEP_HOURS)
        current.save(
            update_fields=[
                "status",
                "error",
                "file",
                "filename",
                "size",
                "finished_at",
                "expires_at",
            ]
        )


def _write(job: ExportJob, exporter: Exporter, report: Progress) -> None:
    if not exporter.allowed(job.created_by, job.region):
        raise PermissionDenied
    with tempfile.TemporaryFile() as target:
        filename = exporter.write(job, target, report)
        job.size = target.tell()
        target.seek(0)
        _drop_files(job)  # what an attempt that did not commit left behind
        job.file.save(filename, File(target), save=False)
    job.filename = filename


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(message) for message in exc.messages)
    if isinstance(exc, PermissionDenied):
        return translation.gettext("Anda tidak lagi berhak atas ekspor ini.")
    return translation.gettext("Yang diminta tidak ditemukan lagi.")


def _drop_files(job: ExportJob) -> None:
    """Every file stored for this job (its folder is its own, exports/<public id>/)."""
    storage = job.file.storage
    folder = export_upload_path(job, "").rstrip("/")
    try:
        _dirs, names = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        storage.delete(f"{folder}/{name}")
    # A local disk keeps empty folders: one per job would pile up under MEDIA_ROOT/exports/.
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(storage.path(folder))


def job_for(user: User, region: Region | None, public_id: Any) -> ExportJob:
    """The one rule for reaching a job: only its author, on the site it was asked on, while
    still allowed to have it and until it expires. Anyone else gets 404 (a job's existence is
    not revealed)."""
    job = (
        ExportJob.objects.select_related("region")
        .filter(public_id=public_id, region=region, created_by=user, expires_at__gt=timezone.now())
        .first()
    )
    if job is None or not EXPORTERS[job.kind].allowed(user, region):
        raise Http404
    return job


def jobs_of(user: User, region: Region | None) -> QuerySet[ExportJob]:
    """The user's jobs on this site that job_for would let them reach, newest first."""
    kinds = [kind for kind, exporter in EXPORTERS.items() if exporter.allowed(user, region)]
    return (
        ExportJob.objects.filter(
            created_by=user, region=region, kind__in=kinds, expires_at__gt=timezone.now()
        )
        .select_related("region")
        .order_by("-created_at", "-pk")
    )


def content_type_of(job: ExportJob) -> str:
    return EXPORTERS[job.kind].content_types[job.file_type]


def delete_export(job: ExportJob) -> None:
    """Forget the job and its file. A worker about to write it finds no job and stops."""
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().filter(pk=job.pk).first()
        if locked is None:
            return
        locked.delete()
        transaction.on_commit(lambda: _drop_files(locked))


def prune_expired_exports(now: Any = None) -> int:
    """Delete jobs past their expiry with their files (a beat task), and the files of jobs
    that went without passing here (deleted with their author's account). Idempotent."""
    moment = now or timezone.now()
    pruned = 0
    for job in ExportJob.objects.filter(expires_at__lte=moment).iterator(chunk_size=200):
        with transaction.atomic():
            deleted, _kinds = ExportJob.objects.filter(pk=job.pk, expires_at__lte=moment).delete()
        if deleted:
            _drop_files(job)
            pruned += 1
    _drop_orphans()
    return pruned


def _drop_orphans() -> None:
    """Folders under exports/ whose job is gone. A folder is only ever written for a job whose
    row was committed first (start_export), so no row means nobody will fetch it."""
    storage = ExportJob._meta.get_field("file").storage
    top = export_upload_path(ExportJob(), "").split("/", 1)[0]
    try:
        folders, _files = storage.listdir(top)
    except (FileNotFoundError, NotADirectoryError):
        return
    ids: dict[str, uuid.UUID] = {}
    for name in folders:
        with contextlib.suppress(ValueError):
            ids[name] = uuid.UUID(name)
    known = {
        str(public_id)
        for public_id in ExportJob.objects.filter(public_id__in=ids.values()).values_list(
            "public_id", flat=True
        )
    }
    for name, public_id in ids.items():
        if name not in known:
            _drop_files(ExportJob(public_id=public_id))
