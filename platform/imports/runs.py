"""Import runs: a file is checked into a preview and kept; it is applied only when its author
confirms, after being checked again against the data as it is then. Each importer registers how it
plans and how it applies (`register`, from its app's ready()); this module holds the flow they
share and the one rule of who may see and confirm a run.

A big file (over IMPORT_BACKGROUND_BYTES, or more than IMPORT_BACKGROUND_ROWS rows as counted by
the bounded reader) is not checked in the web request: the run is stored as "checking" with an `imports.run` effect (pipeline: durable, at least once), a worker plans it and
the page follows its progress; its confirmation is applied by a worker the same way. Every step
is decided by the run's status under a row lock, so a redelivered effect does nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from typing import IO, TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from core.sheet_import import RowError
from imports.limits import DEFAULT_LIMITS
from imports.models import ImportRun, RunStatus
from imports.preview import Preview
from pipeline.services import record

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


class Planned(Protocol):
    preview: Preview
    file_errors: list[RowError]
    deferred: bool  # more rows than the web request may check: a worker will


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Importer:
    # plan(run, file, progress, row_limit): with a row limit, a file with more rows returns at
    # once with `deferred` set, before any row is checked.
    plan: Callable[[ImportRun, IO[bytes], Progress | None, int | None], Planned]
    apply: Callable[[ImportRun, Planned, dict[str, Any]], dict[str, Any]]
    # Whether the user may still import (checked again at confirmation).
    allowed: Callable[[User, Region | None], bool]


IMPORTERS: dict[str, Importer] = {}


def register(kind: str, importer: Importer) -> None:
    IMPORTERS[kind] = importer


@dataclass
class Confirmation:
    run: ImportRun
    applied: bool = False  # applied now, or earlier (a second click)
    queued: bool = False  # a worker applies it
    preview_changed: bool = False  # the data moved since the preview: look again
    failed: bool = False  # nothing was written (see run.result["errors"])


def file_of(run: ImportRun) -> IO[bytes]:
    stream = BytesIO(bytes(run.content))
    stream.name = run.filename
    return stream


def _store_preview(run: ImportRun, preview: Preview) -> None:
    run.preview = {**preview.as_json(), "fingerprint": preview.fingerprint()}


def progress_key(run: ImportRun) -> str:
    return f"import-run-progress:{run.public_id}"


def progress_of(run: ImportRun) -> tuple[int, int] | None:
    """(rows done, rows in the file) while a worker checks the run; None when unknown. Kept in
    the cache: losing it (Redis down) only hides the figure, never the run."""
    found = cache.get(progress_key(run))
    return tuple(found) if found else None


def _reporter(run: ImportRun) -> Progress:
    def report(done: int, total: int) -> None:
        cache.set(progress_key(run), (done, total), timeout=3600)

    return report


def _big(run: ImportRun) -> bool:
    return len(run.preview.get("rows", ())) > settings.IMPORT_BACKGROUND_ROWS


def start_run(
    *,
    kind: str,
    region: Region | None,
    actor: User,
    upload: IO[bytes],
    filename: str,
    options: dict[str, Any] | None = None,
) -> tuple[ImportRun | None, list[RowError]]:
    """Check the uploaded file into a preview and keep both; or, if the file cannot be read as a
    table, keep nothing and return why. A big file is kept as "checking" for a worker."""
    importer = IMPORTERS[kind]
    # Bounded: never more than the upload cap (+1 byte, so a larger file is refused, not cut).
    content = upload.read(DEFAULT_LIMITS.max_bytes + 1)
    run = ImportRun(
        kind=kind,
        region=region,
        created_by=actor,
        filename=filename[:255],
        content=content,
        options=options or {},
    )
    # A file this big goes to a worker without even being counted: the request returns at once.
    heavy = settings.IMPORT_BACKGROUND_BYTES < len(content) <= DEFAULT_LIMITS.max_bytes
    planned = (
        None if heavy else importer.plan(run, file_of(run), None, settings.IMPORT_BACKGROUND_ROWS)
    )
    if planned is not None and planned.file_errors:
        return None, planned.file_errors
    if planned is None or planned.deferred:
        with transaction.atomic():
            run.status = RunStatus.CHECKING
            run.save()
            record("imports.run", region=region, target=run.pk)
        return run, []
    _store_preview(run, planned.preview)
    run.save()
    return run, []


def confirm_run(run: ImportRun, actor: User, choices: dict[str, Any]) -> Confirmation:
    """Apply the run if the file still plans exactly what the preview showed; otherwise store
    the new preview and apply nothing. A run is applied at most once. A big run is handed to a
    worker (the same steps, see process_run)."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status == RunStatus.APPLIED:
            return Confirmation(run, applied=True)
        if run.status == RunStatus.APPLYING:
            return Confirmation(run, queued=True)
        if run.status != RunStatus.PREVIEWED:
            raise Http404
        run.choices = choices
        if _big(run):
            run.status = RunStatus.APPLYING
            run.save(update_fields=["choices", "status"])
            record("imports.run", region=run.region, target=run.pk)
            return Confirmation(run, queued=True)
        return _apply(run)


def _apply(run: ImportRun) -> Confirmation:
    """In the caller's transaction, with the run locked."""
    importer = IMPORTERS[run.kind]
    planned = importer.plan(run, file_of(run), None, None)
    if planned.file_errors or planned.preview.fingerprint() != run.preview.get("fingerprint"):
        _store_preview(run, planned.preview)
        run.status = RunStatus.PREVIEWED
        run.save(update_fields=["preview", "status", "choices"])
        return Confirmation(run, preview_changed=True)
    result = importer.apply(run, planned, run.choices)
    run.result = result
    if result.get("failed"):
        run.status = RunStatus.PREVIEWED
        run.save(update_fields=["result", "status", "choices"])
        return Confirmation(run, failed=True)
    run.status = RunStatus.APPLIED
    run.applied_at = timezone.now()
    run.content = b""  # the file has done its work; the preview and result stay
    run.save(update_fields=["result", "status", "applied_at", "content", "choices"])
    return Confirmation(run, applied=True)


def process_run(job: Any) -> None:
    """The `imports.run` effect: check a big file into its preview, or apply a confirmed one.
    Decided by the run's status under its lock: a second delivery finds the work done."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=int(job.target)).first()
        if run is None:
            return
        if run.status == RunStatus.CHECKING:
            planned = IMPORTERS[run.kind].plan(run, file_of(run), _reporter(run), None)
            if planned.file_errors:
                run.result = {
                    "failed": True,
                    "errors": [[e.row, e.column, e.message] for e in planned.file_errors],
                }
                run.status, run.content = RunStatus.DISCARDED, b""
                run.save(update_fields=["result", "status", "content"])
                return
            _store_preview(run, planned.preview)
            run.status = RunStatus.PREVIEWED
            run.save(update_fields=["preview", "status"])
        elif run.status == RunStatus.APPLYING:
            _apply(run)


def discard_run(run: ImportRun) -> None:
    ImportRun.objects.filter(pk=run.pk, status=RunStatus.PREVIEWED).update(
        status=RunStatus.DISCARDED, content=b""
    )


def run_for(user: User, region: Region | None, kind: str, public_id: Any) -> ImportRun:
    """The one rule for reaching a run: only its author, in its region, while still allowed to
    import there. Anyone else gets 404 (a run's existence is not revealed)."""
    importer = IMPORTERS[kind]
    run = ImportRun.objects.filter(
        public_id=public_id, kind=kind, region=region, created_by=user
    ).first()
    if run is None or not importer.allowed(user, region):
        raise Http404
    return run


def recent_runs(user: User, region: Region | None, kind: str, limit: int = 5) -> list[ImportRun]:
    """The user's latest runs here (the same rule as run_for: only one's own)."""
    return list(
        ImportRun.objects.filter(kind=kind, region=region, created_by=user)
        .defer("content", "preview")
        .order_by("-created_at")[:limit]
    )


def forget_stale_runs(days: int | None = None) -> int:
    """Previews nobody confirmed within IMPORT_RUN_KEEP_DAYS are discarded and their files
    dropped (what was applied keeps its preview and result, without the file). Idempotent."""
    keep = settings.IMPORT_RUN_KEEP_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=keep)
    return ImportRun.objects.filter(
        status__in=(RunStatus.PREVIEWED, RunStatus.CHECKING), created_at__lt=cutoff
    ).update(status=RunStatus.DISCARDED, content=b"")
