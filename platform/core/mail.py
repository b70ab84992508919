"""Sending one e-mail for an effect of the pipeline.

The Message-ID is derived from what the mail is about (a notification, a digest of one day, a
membership), not made up per attempt: should a worker die after the mail server accepted the
message but before the effect was marked done, the resent copy carries the same Message-ID, so
mail servers and clients can tell it is the same message."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)


def message_id(stable_key: str) -> str:
    return f"<{stable_key}@{settings.BASE_DOMAIN}>"


def send_email(*, subject: str, body: str, to: str, stable_key: str) -> bool:
    """Send one plain-text mail; True when the mail server accepted it. Raises when the server
    could not be reached or failed for now (the effect is retried); returns False when it
    refused the address for good (nothing a retry would change)."""
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[to],
        headers={"Message-ID": message_id(stable_key)},
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused:
        logger.warning("mail server refused the address of %s; not retried", stable_key)
        return False
    return True
