"""Migration packages for the history app that continue its real migrations with one more, as
a next release would: selected with MIGRATION_MODULES in tests/regions/test_rollout.py.

- expand: a new column with a database default (plain SQL, replayed across schemas);
- backfill: the same column, then Python code that fills it row by row and fails in the schemas
  named in FAIL_IN (a region whose data breaks the migration);
- unsafe: a new NOT NULL column with only a Python default, which the previous release's code
  cannot insert into."""

FAIL_IN: set[str] = set()
