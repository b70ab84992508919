"""Periodic region work."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from regions.spare_schemas import keep_spares


@shared_task(name="regions.keep_spare_schemas")
def keep_spare_schemas() -> dict[str, int]:
    """Keep REGION_SPARE_SCHEMAS schemas ready for the next activations (regions.spare_schemas)."""
    result = keep_spares(settings.REGION_SPARE_SCHEMAS)
    return {"made": result.made, "dropped": result.dropped, "ready": result.ready}
