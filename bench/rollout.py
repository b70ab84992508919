"""Benchmark: rolling a release's migrations out to all 552 region schemas (issue #15).

    .venv/bin/python bench/rollout.py [--keep]

A database of its own (lumbung_bench_rollout): every region activated, 65 history rows in each
(35,880 in all), then a series of "next releases" of the history app, each one migration more,
rolled out with `manage.py migrate_schemas` as an operator runs it (the whole command, process
start included):

1. nothing pending;
2. a one-column AddField with a database default (plain SQL: replayed);
3. a RunPython that reads and writes every one of the 35,880 rows from Python;
4. an AddIndex;
5. the anchor: another one-column AddField through stock django-tenants' executor, and the same
   through this project's, in the same run.

Targets: AddField < 20 s, RunPython over ~36,000 rows < 40 s. The release packages are written
to a temporary folder; the database is dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from _setup import Bench

ROWS_PER_REGION = 65

# The history app's next releases, one migration more each (0001 and 0002 are the real ones).
MIGRATIONS = {
    "0003_change_origin": """
class Migration(migrations.Migration):
    dependencies = [("history", "0002_ids_64_bit")]
    operations = [
        migrations.AddField(
            "change", "origin", models.CharField(max_length=20, default="web", db_default="web")
        )
    ]
""",
    "0004_backfill_origin": """
def backfill(apps, schema_editor):
    Change = apps.get_model("history", "Change")
    changes = list(Change.objects.only("id", "actor_name"))
    for change in changes:
        change.origin = "web" if change.actor_name else "system"
    Change.objects.bulk_update(changes, ["origin"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("history", "0003_change_origin")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
""",
    "0005_origin_index": """
class Migration(migrations.Migration):
    dependencies = [("history", "0004_backfill_origin")]
    operations = [
        migrations.AddIndex("change", models.Index(fields=["origin", "at"], name="hist_origin_at"))
    ]
""",
    "0006_change_channel": """
class Migration(migrations.Migration):
    dependencies = [("history", "0005_origin_index")]
    operations = [
        migrations.AddField(
            "change", "channel", models.CharField(max_length=20, default="", db_default="")
        )
    ]
""",
    "0007_change_batch": """
class Migration(migrations.Migration):
    dependencies = [("history", "0006_change_channel")]
    operations = [
        migrations.AddField("change", "batch", models.IntegerField(null=True))
    ]
""",
}

SETTINGS = """
import os

from lumbung.settings import *  # noqa: F403

MIGRATION_MODULES = {"history": os.environ["BENCH_HISTORY_MIGRATIONS"]}
if os.environ.get("BENCH_STOCK_EXECUTOR"):
    GET_EXECUTOR_FUNCTION = "django_tenants.migration_executors.get_executor"
"""


def write_release(folder: Path, count: int) -> str:
    """A package holding the real 0001-0002 and the first `count` of MIGRATIONS."""
    name = f"release_{count}"
    package = folder / name / "migrations"
    package.mkdir(parents=True)
    (folder / name / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    for real in ("0001_initial", "0002_ids_64_bit"):
        (package / f"{real}.py").write_text(
            "import importlib\n\nMigration = importlib.import_module("
            f'"tenants.history.migrations.{real}").Migration\n'
        )
    for migration, source in list(MIGRATIONS.items())[:count]:
        (package / f"{migration}.py").write_text(
            "from django.db import migrations, models\n" + source
        )
    return f"{name}.migrations"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="lumbung-bench-rollout-"))
    (folder / "bench_rollout_settings.py").write_text(SETTINGS)
    sys.path.insert(0, str(folder))
    releases = {count: write_release(folder, count) for count in range(len(MIGRATIONS) + 1)}
    bench = Bench("lumbung_bench_rollout")
    bench.extra_env.update(
        DJANGO_SETTINGS_MODULE="bench_rollout_settings",
        BENCH_HISTORY_MIGRATIONS=releases[0],
    )
    bench.extra_env["PYTHONPATH"] = f"{folder}{os.pathsep}{bench.env()['PYTHONPATH']}"
    try:
        with bench.session(keep=options.keep):
            bench.migrate_and_activate_all()
            seed_history()

            def roll(label: str, release: int, *, stock: bool = False) -> None:
                bench.extra_env["BENCH_HISTORY_MIGRATIONS"] = releases[release]
                if stock:
                    bench.extra_env["BENCH_STOCK_EXECUTOR"] = "1"
                seconds, output = bench.manage("migrate_schemas", "--noinput")
                bench.extra_env.pop("BENCH_STOCK_EXECUTOR", None)
                summary = [line for line in output.splitlines() if "Region schemas" in line]
                said = f" ({summary[-1].strip()})" if summary else ""
                print(f"{label}: {seconds:.1f} s{said}")

            roll("nothing pending, 552 schemas + template", 0)
            roll("AddField, one column with a database default", 1)
            roll(f"RunPython over {552 * ROWS_PER_REGION:,} rows", 2)
            roll("AddIndex", 3)
            roll("anchor: AddField through stock django-tenants (standard executor)", 4, stock=True)
            roll("the same kind of AddField through this project's roll-out", 5)
            check_result()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def seed_history() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM regions_region WHERE is_active")
        schemas = [row[0] for row in cursor.fetchall()]
        for schema in schemas:
            cursor.execute(
                f'INSERT INTO "{schema}".history_change (at, actor_name, innovation_name, subject, '
                "action, summary, changes) SELECT now(), "
                "CASE WHEN n %% 3 = 0 THEN '' ELSE 'Operator' END, 'Inovasi ' || n, "
                "'innovation', 'updated', '', '{}'::jsonb FROM generate_series(1, %s) n",
                [ROWS_PER_REGION],
            )
    print(f"setup: {len(schemas) * ROWS_PER_REGION:,} history rows in {len(schemas)} regions")


def check_result() -> None:
    """Every schema has every column, and the backfill wrote every row."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT table_schema) FROM information_schema.columns "
            "WHERE table_name = 'history_change' AND column_name = 'batch'"
        )
        with_last_column = cursor.fetchone()[0]
        cursor.execute("SELECT schema_name FROM regions_region WHERE is_active")
        schemas = [row[0] for row in cursor.fetchall()]
        system = 0
        for schema in schemas:
            cursor.execute(
                f"SELECT count(*) FROM \"{schema}\".history_change WHERE origin = 'system'"
            )
            system += cursor.fetchone()[0]
    print(
        f"check: {with_last_column} schemas (552 regions + template) have the last column; "
        f"{system:,} rows backfilled as 'system' (expected {len(schemas) * (ROWS_PER_REGION // 3):,})"
    )


if __name__ == "__main__":
    main()
