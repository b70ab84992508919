"""Creating the requester's replica: a new innovation in the requester's own schema, prefilled
from the origin's published profile and linked to it by region code and public id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

if TYPE_CHECKING:
    from accounts.models import User
    from replication.requests.models import ReplicationRequest
    from tenants.innovations.models import Innovation


def create_replica(request: ReplicationRequest, *, actor: User | None, opd_id: int) -> Innovation:
    from replication.catalog.models import CatalogEntry
    from tenants.innovations.models import Innovation, Stage
    from tenants.innovations.services import innovation_create
    from tenants.organization.models import OpdUnit

    entry = CatalogEntry.objects.filter(public_id=request.origin_public_id).first()
    requester = request.requester
    with tenant_context(requester):
        opd = OpdUnit.objects.filter(pk=opd_id).first()
        if opd is None:
            raise ValidationError({"opd_id": _("Pilih OPD pelaksana replikasi di daerah Anda.")})
        name = _("%(name)s (replikasi dari %(region)s)") % {
            "name": request.innovation_name,
            "region": request.origin.display_name,
        }
        data = {
            "name": name[:255],
            "opd": opd,
            "stage": Stage.INITIATIVE,
            "initiator": "opd",
            "is_digital": entry.is_digital if entry else False,
            "form": entry.form if entry else "public_service",
            "affair": entry.affair if entry else "",
            "goals": entry.goals if entry else "",
            "benefits": entry.benefits if entry else "",
            "design": "",
            "results": "",
        }
        replica = innovation_create(region=requester, actor=actor, data=data)
        Innovation.objects.filter(pk=replica.pk).update(
            origin_region_code=request.origin.code,
            origin_public_id=request.origin_public_id,
            origin_name=request.innovation_name,
        )
        replica.refresh_from_db()
    return replica
