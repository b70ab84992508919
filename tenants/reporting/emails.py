"""The reporting reminder e-mailed to an OPD's contact address (effect `reporting.opd_email`):
the head of an OPD has no account, and the OPD's office address is how the head hears that the
OPD has not reported its innovations for the year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation

from core.mail import send_email
from regions.selectors import region_site_url

if TYPE_CHECKING:
    from pipeline.runner import Job


def send_opd_reminder(job: Job) -> None:
    region = job.region
    if region is None or not region.is_active or not job.payloads:
        return  # a closed region reminds nobody
    payload = job.payloads[-1]
    context = {
        **payload,
        "region": region,
        "innovations_url": region_site_url(region, "/inovasi/"),
    }
    with translation.override("id"):  # an office address: the interface's first language
        subject = render_to_string("reporting/email/reminder_subject.txt", context).strip()
        body = render_to_string("reporting/email/reminder_body.txt", context)
    send_email(subject=subject, body=body, to=payload["to"], stable_key=job.target)
