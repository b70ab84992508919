"""Innovations with a report of a given year and status, written straight to the region's
schema (the reporting tests are about counting them, not about the workflow)."""

from __future__ import annotations

from django_tenants.utils import tenant_context


def innovation_with_report(region, opd, name: str, *, year: int, status: str = "submitted"):
    from tenants.assessment.models import Report
    from tenants.innovations.models import Innovation

    with tenant_context(region):
        innovation = Innovation.objects.filter(opd=opd, name=name).first()
        if innovation is None:
            innovation = Innovation.objects.create(name=name, opd=opd)
        Report.objects.create(innovation=innovation, year=year, status=status)
    return innovation
