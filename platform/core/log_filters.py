"""Logging filters wired in settings.LOGGING."""

from __future__ import annotations

import logging


class ClientErrorsBrief(logging.Filter):
    """A 4xx answer is the client's mistake or a refusal, not a fault of ours: log it as one line,
    dropping the traceback Django attaches to a refused request (PermissionDenied)."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
