"""The e-mail telling a person about a new membership (effect `accounts.membership_email`),
with the link to set a password when they are new. The invitation token travels in the effect's
payload — the database keeps only its hash otherwise — and leaves with the row once the mail
server accepted the message. Nothing is sent for a region that is closed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Membership
from core.mail import send_email
from regions.selectors import region_site_url

if TYPE_CHECKING:
    from pipeline.runner import Job


def send_membership_email(job: Job) -> None:
    membership = (
        Membership.objects.select_related("user", "region")
        .filter(pk=int(job.target), user__is_active=True, region__is_active=True)
        .first()
    )
    if membership is None:
        return  # removed meanwhile, the person deactivated, or the region closed
    token = next((p["token"] for p in reversed(job.payloads) if p.get("token")), None)
    region = membership.region
    context = {
        "membership": membership,
        "region": region,
        "region_url": region_site_url(region, "/"),
        "invitation_url": region_site_url(region, f"/akun/undangan/{token}/") if token else None,
    }
    with translation.override(membership.user.preferred_language or "id"):
        subject = render_to_string("accounts/email/membership_subject.txt", context).strip()
        body = render_to_string("accounts/email/membership_body.txt", context)
    send_email(
        subject=subject,
        body=body,
        to=membership.user.email,
        stable_key=f"membership.{membership.pk}",
    )
