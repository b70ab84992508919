"""E-mails about memberships, sent by the worker after the change committed."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task(
    name="accounts.send_membership_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_membership_email_task(membership_id: int, invitation_token: str | None) -> bool:
    from accounts.models import Membership

    membership = (
        Membership.objects.select_related("user", "region").filter(pk=membership_id).first()
    )
    if membership is None:
        return False
    region = membership.region
    base_url = (
        f"{settings.SITE_SCHEME}://{region.slug}.{settings.BASE_DOMAIN}{settings.SITE_PORT_SUFFIX}"
    )
    context = {
        "membership": membership,
        "region": region,
        "region_url": base_url + "/",
        "invitation_url": f"{base_url}/akun/undangan/{invitation_token}/"
        if invitation_token
        else None,
    }
    with translation.override(membership.user.preferred_language or "id"):
        subject = render_to_string("accounts/email/membership_subject.txt", context).strip()
        body = render_to_string("accounts/email/membership_body.txt", context)
    send_mail(subject, body, None, [membership.user.email])
    return True
