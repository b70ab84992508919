"""Custom domains of regions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import EventType, record_event
from regions.models import Domain, Region

if TYPE_CHECKING:
    from accounts.models import User

HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@transaction.atomic
def add_custom_domain(
    *, region: Region, hostname: str, actor: User | None = None
) -> tuple[Domain, bool]:
    hostname = hostname.strip().lower().rstrip(".")
    if not HOSTNAME_RE.match(hostname):
        raise ValidationError(_("Nama domain tidak valid: %(host)s") % {"host": hostname})
    base = settings.BASE_DOMAIN
    if hostname == base or hostname.endswith(f".{base}"):
        raise ValidationError(
            _("Subdomain %(base)s sudah otomatis; tidak perlu didaftarkan.") % {"base": base}
        )
    existing = Domain.objects.filter(domain=hostname).first()
    if existing is not None:
        if existing.tenant_id != region.pk:
            raise ValidationError(_("Domain ini sudah dipakai daerah lain."))
        return existing, False
    domain = Domain.objects.create(domain=hostname, tenant=region, is_primary=False)
    record_event(
        EventType.REGION_DOMAIN_ADDED, actor=actor, region=region, data={"domain": hostname}
    )
    return domain, True
