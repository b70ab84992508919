"""Rolling tenant migrations out to every region schema: fast, resumable, and one region's failure
never stopping the others.

Stock django-tenants plans and applies migrations schema by schema on a fresh connection each
time (~150-180 ms per schema, almost all of it overhead). Here:

- the template schema goes first, alone, under a lock that activations respect, so a region
  activated during the roll-out is cloned from the new template (regions.schema_template);
- the schemas are grouped by the migrations they have applied, and each group is planned once;
- a migration that is plain SQL (schema operations, RunSQL) is turned into SQL once, by the
  first schema that applies it, and replayed on the others in one round trip each; only a
  migration with Python code (RunPython) runs through Django per schema, from a project state
  built once;
- a small pool of long-lived connections does the work;
- every migration is applied in its own transaction, as Django does, so a schema that fails stops
  at a migration boundary; the failure is recorded (SchemaState) and the others go on. Running
  again resumes each schema where it stopped.

Replaying SQL is sound because region schemas at the same migration state are identical: they are
all made from the same migrations (or the template built from them), and the object names Django
generates depend only on tables and columns. `replay=False` runs every migration through Django
per schema, which `region_schemas retry --careful` offers for a schema that replay failed on.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.operations import RunPython
from django.db.migrations.operations.special import SeparateDatabaseAndState
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState

from regions import schema_versions
from regions.schema_template import TEMPLATE_SCHEMA, template_lock, tenant_app_labels

logger = logging.getLogger(__name__)

Node = tuple[str, str]
DEFAULT_WORKERS = 4


class TemplateMigrationFailed(Exception):
    """A migration failed on the template schema, which holds no region data: the migration
    itself is broken, so no region is attempted."""


@dataclass
class Progress:
    done: int
    total: int
    failed: int
    started: float

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def eta(self) -> float | None:
        if not self.done:
            return None
        return self.elapsed / self.done * (self.total - self.done)


@dataclass
class RolloutReport:
    migrated: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # schema → "app.migration: error"
    up_to_date: int = 0
    steps: int = 0  # migrations applied, summed over schemas
    seconds: float = 0.0


ProgressCallback = Callable[[Progress], None]


class _Step:
    """One migration, prepared once for every schema that needs it."""

    def __init__(self, node: Node, migration: Migration, loader: MigrationLoader, replay: bool):
        self.node = node
        self.migration = migration
        self._loader = loader
        # A shared app's migration does nothing in a region schema (the tenant router keeps its
        # tables in public), but is recorded there, as stock django-tenants does, so that
        # `migrate_schemas --check` and Django's consistency checks agree.
        self.record_only = node[0] not in tenant_app_labels()
        self.replayable = replay and _is_plain_sql(migration)
        self._lock = threading.Lock()
        self._sql: str | None = None
        self._state: ProjectState | None = None

    @property
    def key(self) -> str:
        return schema_versions.key(self.node)

    def state_before(self) -> ProjectState:
        with self._lock:
            state = self._loader_state_unlocked()
            if not self.replayable:
                state.apps  # noqa: B018  render once (cached); per-schema clones copy the rendering
            return state

    def apply(self) -> None:
        """Apply to the schema the current thread's connection is set to, in one transaction
        (unless the migration says it is not atomic), recording it as applied."""
        if self.record_only:
            with connection.cursor() as cursor:
                cursor.execute(_record_sql(self.node))
        elif self.replayable:
            self._apply_sql()
        else:
            self._apply_through_django()

    def _apply_sql(self) -> None:
        record = _record_sql(self.node)
        with self._lock:
            if self._sql is None:
                # The first schema to need it writes the SQL (introspecting itself, as it is
                # exactly in the state before this migration) and applies it.
                sql = self._collect_sql()
                self._execute(sql, record)
                self._sql = sql
                return
        self._execute(self._sql, record)

    def _collect_sql(self) -> str:
        state = self._loader_state_unlocked()
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            self.migration.apply(state.clone(), editor, collect_sql=True)
        return "\n".join(editor.collected_sql)

    def _loader_state_unlocked(self) -> ProjectState:
        # Called with self._lock held.
        if self._state is None:
            self._state = self._loader.project_state(self.node, at_end=False)
        return self._state

    def _execute(self, sql: str, record: str) -> None:
        with connection.cursor() as cursor:
            if self.migration.atomic:
                with transaction.atomic():
                    cursor.execute(f"{sql}\n{record}")
            else:
                for statement in _statements(sql):
                    cursor.execute(statement)
                cursor.execute(record)

    def _apply_through_django(self) -> None:
        state = self.state_before().clone()
        with connection.schema_editor(atomic=self.migration.atomic) as editor:
            self.migration.apply(state, editor)
            editor.execute(_record_sql(self.node).rstrip(";"))


def roll_out(
    schema_names: Sequence[str],
    *,
    workers: int = DEFAULT_WORKERS,
    replay: bool = True,
    progress: ProgressCallback | None = None,
) -> RolloutReport:
    """Bring every existing schema in `schema_names` up to the code's migrations. The template
    schema, if listed, goes first; if it fails, TemplateMigrationFailed is raised and no region
    is touched."""
    started = time.perf_counter()
    report = RolloutReport()
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
    record_shared_migrations(schema_names)
    applied = schema_versions.refresh(schema_names)
    loader = MigrationLoader(None, ignore_no_migrations=True)
    targets = _targets(loader)
    steps: dict[Node, _Step] = {}

    def plan_for(done: frozenset[str]) -> list[_Step]:
        plan: list[_Step] = []
        for target in targets:
            for node in loader.graph.forwards_plan(target):
                if schema_versions.key(node) in done or node in {s.node for s in plan}:
                    continue
                if node not in steps:
                    steps[node] = _Step(node, loader.graph.nodes[node], loader, replay)
                plan.append(steps[node])
        return plan

    # Plan once per distinct state.
    plans: dict[frozenset[str], list[_Step]] = {}
    work: list[tuple[str, list[_Step]]] = []
    for name in schema_names:
        if name not in applied:
            continue  # never activated: no schema
        done = applied[name]
        if done not in plans:
            plans[done] = plan_for(done)
        if plans[done]:
            work.append((name, plans[done]))
        else:
            report.up_to_date += 1
            schema_versions.mark_ready(name)

    template_work = [item for item in work if item[0] == TEMPLATE_SCHEMA]
    region_work = [item for item in work if item[0] != TEMPLATE_SCHEMA]
    tracker = Progress(done=0, total=len(work), failed=0, started=started)
    if template_work:
        with template_lock(exclusive=True):
            outcome = _migrate_schema(*template_work[0], applied[TEMPLATE_SCHEMA])
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
        if outcome is not None:
            raise TemplateMigrationFailed(outcome)
        report.migrated.append(TEMPLATE_SCHEMA)
        report.steps += len(template_work[0][1])
        tracker.done += 1
        if progress:
            progress(tracker)

    _run_pool(region_work, applied, workers, report, tracker, progress)
    report.seconds = time.perf_counter() - started
    return report


def _run_pool(
    work: list[tuple[str, list[_Step]]],
    applied: dict[str, frozenset[str]],
    workers: int,
    report: RolloutReport,
    tracker: Progress,
    progress: ProgressCallback | None,
) -> None:
    if not work:
        return
    pending: queue.SimpleQueue[tuple[str, list[_Step]]] = queue.SimpleQueue()
    for item in work:
        pending.put(item)
    guard = threading.Lock()

    def worker() -> None:
        try:
            while True:
                try:
                    name, plan = pending.get_nowait()
                except queue.Empty:
                    return
                failure = _migrate_schema(name, plan, applied[name])
                with guard:
                    _count(name, plan, failure, report, tracker)
                    if progress:
                        progress(tracker)
        finally:
            connection.close()  # this thread's long-lived connection

    if workers <= 1:
        # On the calling thread and its connection (and so inside its transaction, if any).
        for name, plan in work:
            _count(name, plan, _migrate_schema(name, plan, applied[name]), report, tracker)
            if progress:
                progress(tracker)
        return
    threads = [
        threading.Thread(target=worker, name=f"rollout-{n}", daemon=True)
        for n in range(max(1, min(workers, len(work))))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _count(
    name: str, plan: list[_Step], failure: str | None, report: RolloutReport, tracker: Progress
) -> None:
    tracker.done += 1
    if failure is None:
        report.migrated.append(name)
        report.steps += len(plan)
    else:
        report.failed[name] = failure
        tracker.failed += 1


def _migrate_schema(name: str, plan: list[_Step], applied: frozenset[str]) -> str | None:
    """Apply `plan` to one schema on this thread's connection; None on success, else what
    failed (also recorded in SchemaState)."""
    done = set(applied)
    connection.set_schema(name)  # type: ignore[attr-defined]  # django-tenants
    try:
        if not applied:
            MigrationRecorder(connection).ensure_schema()  # a schema created empty
        for step in plan:
            try:
                step.apply()
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}".strip()
                logger.warning("Migration %s failed in schema %s: %s", step.key, name, error)
                _reset_connection()
                schema_versions.record_failure(name, _tenant_keys(done), step.key, error)
                return f"{step.key}: {error}"
            done.add(step.key)
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
        schema_versions.record_applied(name, _tenant_keys(done))
        schema_versions.mark_ready(name)
        return None
    finally:
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants


def _reset_connection() -> None:
    """After a failed migration the connection may sit in an aborted transaction (a non-atomic
    migration) or a broken state: start clean."""
    if connection.in_atomic_block:
        return
    try:
        connection.rollback()
    except Exception:
        connection.close()
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants


def record_shared_migrations(schema_names: Sequence[str]) -> int:
    """Record in each existing region schema the shared apps' migrations that the public schema
    has applied and the region schema has not recorded yet; returns how many schemas changed.

    In a region schema a shared app's migration does nothing (the tenant router keeps its tables
    and data in public) but stock django-tenants still records it there, and `migrate_schemas
    --check` expects the record. Writing the record directly spares planning every schema after
    a deploy that only added a shared migration."""
    from django_tenants.utils import get_public_schema_name

    labels = sorted(tenant_app_labels())
    public = get_public_schema_name()
    changed = 0
    existing = schema_versions.existing_schemas(schema_names)
    with_table = [name for name, has_table in existing.items() if has_table and name != public]
    with connection.cursor() as cursor:
        for name in with_table:
            cursor.execute(
                f'INSERT INTO "{name}".django_migrations (app, name, applied) '
                f'SELECT p.app, p.name, now() FROM "{public}".django_migrations p '
                "WHERE NOT (p.app = ANY(%s)) AND NOT EXISTS ("
                f'SELECT 1 FROM "{name}".django_migrations d '
                "WHERE d.app = p.app AND d.name = p.name)",
                [labels],
            )
            changed += cursor.rowcount > 0
    return changed


# --- helpers ---------------------------------------------------------------------------------


def _targets(loader: MigrationLoader) -> list[Node]:
    """Every app's latest migration: the region apps' are applied, the shared apps' recorded."""
    return sorted(loader.graph.leaf_nodes())


def _tenant_keys(migrations: frozenset[str] | set[str]) -> set[str]:
    labels = tenant_app_labels()
    return {migration for migration in migrations if migration.split(".", 1)[0] in labels}


def _is_plain_sql(migration: Migration) -> bool:
    """True when every operation only issues SQL that does not depend on the data (no Python
    code runs against rows)."""

    def plain(operations) -> bool:
        for operation in operations:
            if isinstance(operation, RunPython):
                return False
            if isinstance(operation, SeparateDatabaseAndState):
                if not plain(operation.database_operations):
                    return False
            elif not operation.reduces_to_sql:
                return False
        return True

    return plain(migration.operations)


def _record_sql(node: Node) -> str:
    app, name = (part.replace("'", "''") for part in node)
    return f"INSERT INTO django_migrations (app, name, applied) VALUES ('{app}', '{name}', now());"


def _statements(sql: str) -> list[str]:
    """Split collected SQL back into statements (Django's collector ends each with ';' on its
    own line ending)."""
    return [statement for statement in sql.split(";\n") if statement.strip(" \n;")]
