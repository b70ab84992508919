"""Multi-tenant wiring, kept in one place.

Every region (pemda) is a django-tenants tenant with its own PostgreSQL schema. Shared apps live
in the public schema; tenant apps get one copy per activated region. Applying the overlay twice
changes nothing.
"""

from __future__ import annotations

from typing import Any

ROUTING_MIDDLEWARE = "regions.middleware.RegionRoutingMiddleware"

# The public tables a region-schema table may reference by foreign key: small, read-mostly tables
# that become Citus reference tables (copied to every node) when the product moves to
# schema-based sharding (docs/architecture.md). Today no region table needs one; anything else
# is referred to by a plain 64-bit id. tests/core/test_scale_out.py holds the models to this.
REFERENCE_TABLES: frozenset[str] = frozenset(
    {"regions.Region", "rubric.RubricYear", "rubric.Indicator", "rubric.IndicatorOption"}
)


def apply_tenancy(settings: dict[str, Any]) -> None:
    installed = settings["INSTALLED_APPS"]
    settings["DATABASES"]["default"]["ENGINE"] = "django_tenants.postgresql_backend"
    settings["DATABASE_ROUTERS"] = ["django_tenants.routers.TenantSyncRouter"]
    settings["TENANT_MODEL"] = "regions.Region"
    settings["TENANT_DOMAIN_MODEL"] = "regions.Domain"

    if "django_tenants" not in installed:
        installed.insert(0, "django_tenants")
    # Apps under tenants/ get one copy of their tables in every region schema; everything else
    # lives once in the public schema. auth and contenttypes stay shared-only, so content type ids
    # are the same everywhere.
    settings["TENANT_APPS"] = [app for app in installed if app.startswith("tenants.")]
    settings["SHARED_APPS"] = [app for app in installed if not app.startswith("tenants.")]

    # The routing middleware picks the schema from the host name, so it runs before anything
    # that touches the database.
    middleware = settings["MIDDLEWARE"]
    if ROUTING_MIDDLEWARE not in middleware:
        middleware.insert(0, ROUTING_MIDDLEWARE)

    # Set the search path once per schema change, not before every query (halves round trips).
    # Code that changes search_path itself must reset connection.search_path_set_schemas (see regions.schema_template).
    settings["TENANT_LIMIT_SET_CALLS"] = True

    # Up-to-date schemas are skipped before Django plans migrations for them
    # (regions.migration_executor).
    settings["GET_EXECUTOR_FUNCTION"] = "regions.migration_executor.get_executor"
    settings.setdefault("TENANT_MULTIPROCESSING_MAX_PROCESSES", 2)
