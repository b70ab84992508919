"""Building published innovations and replication requests through the real services."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from tenants.assessment.workflow import fire
from tests.effects import apply_effects
from tests.registry.helpers import (
    answer_mandatory,
    answer_with_pdf,
    current_report,
    make_innovation,
    pdf,
)


def verified_innovation(region, admin, opd, **overrides):
    innovation = make_innovation(region, admin, opd, **overrides)
    report = current_report(region, innovation)
    answer_with_pdf(region, admin, report, "SID-16", 3)
    fire("submit", region=region, actor=admin, report=report)
    answer_mandatory(region, report)
    fire("verify", region=region, actor=admin, report=report)
    with tenant_context(region):
        innovation.refresh_from_db()
    return innovation


def published_entry(region, admin, opd, **overrides):
    from replication.catalog.models import CatalogEntry
    from tenants.publishing.services import publish

    innovation = verified_innovation(region, admin, opd, **overrides)
    publish(
        region=region,
        actor=admin,
        innovation=innovation,
        data={"contact_name": "Narahubung", "contact_email": "inovasi@daerah.test"},
    )
    apply_effects()  # the entry (and the region's standing on it) as the worker would write them
    return CatalogEntry.objects.get(region=region, innovation_id=innovation.pk)


def letter(name: str = "surat-minat.pdf"):
    return pdf(name)


def agreement_steps(request, requester, requester_admin, origin, origin_admin, opd_b):
    """Walk a request from diajukan to kesepakatan (the origin records the visit and the
    requester confirms it; the requester records the agreement and the origin confirms it), and
    apply what the steps caused (the origin's catalog entry counts the replica, the
    notifications), as the worker would."""
    import datetime

    from replication.requests.services import request_transition

    request = request_transition("accept", request=request, actor=origin_admin, region=origin)
    request = request_transition(
        "schedule_visit",
        request=request,
        actor=requester_admin,
        region=requester,
        data={"visit_date": datetime.date(2026, 5, 6)},
    )
    request = request_transition(
        "complete_visit",
        request=request,
        actor=origin_admin,
        region=origin,
        data={"visit_date": datetime.date(2026, 5, 6), "visit_participants": "Bappeda, Dinkes"},
        documents=[("visit_minutes", pdf("notulen.pdf"))],
    )
    request = request_transition(
        "confirm_visit", request=request, actor=requester_admin, region=requester
    )
    request = request_transition(
        "record_agreement",
        request=request,
        actor=requester_admin,
        region=requester,
        data={
            "agreement_kind": "pks",
            "agreement_number": "PKS/12/2026",
            "agreement_signed_on": datetime.date(2026, 6, 1),
        },
        documents=[("agreement", pdf("pks.pdf"))],
    )
    request = request_transition(
        "confirm_agreement", request=request, actor=origin_admin, region=origin
    )
    apply_effects()
    return request
