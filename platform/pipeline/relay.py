"""The relay: once a transaction that recorded effects commits, ask a worker to apply what is due.

It sends one small message ("run what is due") per commit, never the effects themselves: the
rows in the database are the truth. When the broker is unreachable the message is skipped and
logged (rarely), the committed change is not disturbed, and the periodic sweep (beat, every
PIPELINE_SWEEP_SECONDS) applies the rows once the broker is back. After a failed send the relay
stays quiet for a few seconds instead of paying a connection timeout on every request."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

_state = threading.local()
_broker_down_until = 0.0
_last_warning = 0.0
QUIET_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0


def after_commit(*, urgent: bool) -> None:
    """Register the nudge for the current transaction. Many records in one transaction send one
    message: every callback is registered (a rolled-back savepoint drops only its own), and the
    first one that runs sends for all of them."""
    if not urgent:
        return  # debounced effects wait for the sweep that finds them due
    _state.pending = True
    transaction.on_commit(_send_once)


def _send_once() -> None:
    if not getattr(_state, "pending", False):
        return
    _state.pending = False
    nudge()


def nudge() -> bool:
    """Queue one run of the due effects; False (and no exception) when the broker is down."""
    global _broker_down_until, _last_warning
    now = time.monotonic()
    if now < _broker_down_until:
        return False
    from pipeline.tasks import run_due_effects

    try:
        run_due_effects.apply_async(
            retry=False,
            expires=settings.PIPELINE_SWEEP_SECONDS * 3,
            headers={"_schema_name": "public"},
        )
    except Exception:
        _broker_down_until = now + QUIET_SECONDS
        if now - _last_warning > WARN_EVERY_SECONDS:
            _last_warning = now
            logger.warning(
                _(
                    "Antrean tugas tidak dapat dihubungi; efek yang tercatat menunggu di basis "
                    "data dan dijalankan oleh sapuan berkala begitu antrean kembali."
                ),
                exc_info=True,
            )
        return False
    return True
