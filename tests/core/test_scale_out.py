"""Rules that keep the move to schema-based sharding open (docs/architecture.md): every key in a
region's schema is 64-bit, including the plain integer columns that hold the id of a row in
another schema (a user, an innovation of the history), which no foreign key checks; a region
table references only its own schema or a declared reference table; no public table references
a region table."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models

from lumbung.tenancy import REFERENCE_TABLES


def _is_tenant(model) -> bool:
    name = model._meta.app_config.name
    return name in settings.TENANT_APPS and name not in settings.SHARED_APPS


def _tenant_models():
    for config in apps.get_app_configs():
        if config.name in settings.TENANT_APPS and config.name not in settings.SHARED_APPS:
            yield from config.get_models()


def test_every_key_in_a_region_schema_is_64_bit():
    narrow = []
    checked = 0
    for model in _tenant_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.AutoField) and not isinstance(field, models.BigAutoField):
                narrow.append(f"{model._meta.label}.{field.name}")
            elif field.name.endswith("_id") and not field.is_relation:
                checked += 1
                if not isinstance(field, models.BigIntegerField | models.UUIDField):
                    narrow.append(f"{model._meta.label}.{field.name}")
    assert checked >= 10  # the rule is looking at the cross-schema ids
    assert narrow == []


def test_region_tables_reference_only_their_schema_or_reference_tables():
    wrong = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            target = field.related_model
            if _is_tenant(model) and not _is_tenant(target):
                if target._meta.label not in REFERENCE_TABLES:
                    wrong.append(f"{model._meta.label}.{field.name} → {target._meta.label}")
            elif not _is_tenant(model) and _is_tenant(target):
                wrong.append(f"{model._meta.label}.{field.name} → {target._meta.label}")
    assert wrong == []
    for label in REFERENCE_TABLES:
        assert not _is_tenant(apps.get_model(label))


def test_only_transaction_scoped_advisory_locks():
    """A session-level advisory lock outlives its transaction and would pin a pooled
    connection; the code takes only the _xact_ kind, but for the one exception listed."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    # Every session-level form, also one whose name is put together (pg_advisory_lock{kind}).
    session_lock = re.compile(r"pg_(try_)?advisory_lock")
    found = {
        str(path.relative_to(root))
        for folder in ("platform", "tenants", "replication", "api")
        for path in (root / folder).rglob("*.py")
        if session_lock.search(path.read_text(encoding="utf-8"))
    }
    # The template's exclusive lock (schema_template.template_lock), held by migrate_schemas
    # across the template's migrations: a deploy step, run on a direct connection
    # (docs/architecture.md, "Scaling out").
    assert found == {"platform/regions/schema_template.py"}
