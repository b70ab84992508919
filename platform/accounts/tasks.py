from __future__ import annotations

from celery import shared_task

from accounts.personal_tokens import prune_personal_tokens


@shared_task(name="accounts.prune_personal_tokens")
def prune_personal_tokens_task() -> int:
    """Tokens revoked or expired long enough ago (PERSONAL_TOKEN_KEEP_DAYS) are deleted."""
    return prune_personal_tokens()
