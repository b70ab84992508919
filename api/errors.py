"""One error format for the whole API:

    {"error": {"status": 403, "code": "permission_denied", "message": "...", "fields": {...}}}

`message` is a sentence for a person, in the request's language; `fields` maps input fields to
their problems (validation errors only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DuplicateError
from core.workflow import StaleState

MESSAGES = {
    "not_authenticated": lambda: _("Anda perlu masuk terlebih dahulu."),
    "authentication_failed": lambda: _("Kredensial tidak valid."),
    "permission_denied": lambda: _("Anda tidak memiliki izin untuk tindakan ini."),
    "not_found": lambda: _("Data tidak ditemukan."),
    "invalid": lambda: _("Data yang dikirim belum benar. Periksa isian yang ditandai."),
    "method_not_allowed": lambda: _("Metode ini tidak didukung untuk alamat ini."),
    "throttled": lambda: _("Terlalu banyak permintaan. Coba lagi sebentar lagi."),
    "duplicate": lambda: _("Data ini bentrok dengan data yang sudah ada."),
    "parse_error": lambda: _("Isi permintaan tidak dapat dibaca."),
    "unsupported_media_type": lambda: _("Jenis isi permintaan tidak didukung."),
    "not_acceptable": lambda: _("Format jawaban yang diminta tidak tersedia."),
    "bad_request": lambda: _("Permintaan tidak dapat diproses."),
    "server_error": lambda: _("Terjadi kesalahan pada server. Coba lagi nanti."),
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "duplicate"
    fields: object  # the messages by field for the body's `fields`, set by exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DuplicateError):
        conflict = Conflict(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        conflict.fields = conflict.detail
        exc = conflict
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = _code_of(exc)
    body: dict[str, Any] = {
        "status": response.status_code,
        "code": code,
        "message": _message_of(exc, code),
    }
    if isinstance(exc, Conflict):
        body["fields"] = exc.fields
    elif isinstance(exc, exceptions.ValidationError):
        body["fields"] = (
            exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        )
        codes = exc.get_codes()
        body["field_codes"] = codes if isinstance(codes, dict) else {"non_field_errors": codes}
    response.data = {"error": body}
    return response


def _code_of(exc: Exception) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = getattr(exc, "get_codes", lambda: None)()
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def _message_of(exc: Exception, code: str) -> str:
    single = _single_non_field_message(exc)
    if single:
        # A refusal that is not about one input field ("this report is submitted, answers cannot
        # change") is itself the sentence the person needs to read.
        return single
    if code in MESSAGES:
        return str(MESSAGES[code]())
    detail = getattr(exc, "detail", None)
    return str(detail) if isinstance(detail, str) else _("Terjadi kesalahan.")


def _single_non_field_message(exc: Exception) -> str:
    if not isinstance(exc, exceptions.ValidationError):
        return ""
    detail = exc.detail
    if isinstance(detail, dict):
        if set(detail) != {"non_field_errors"}:
            return ""
        messages = detail["non_field_errors"]
    else:
        messages = detail
    if isinstance(messages, list) and len(messages) == 1 and isinstance(messages[0], str):
        return str(messages[0])
    return ""


def not_found_response() -> Response:
    return error_response(status.HTTP_404_NOT_FOUND, "not_found", str(MESSAGES["not_found"]()))


def error_response(status_code: int, code: str, message: str) -> Response:
    return Response(
        {"error": {"status": status_code, "code": code, "message": message}}, status=status_code
    )


__all__ = ["error_response", "exception_handler", "status"]


class StateConflict(exceptions.APIException):
    """The request is valid but the object's current state does not allow it (e.g. verifying a
    report that was already returned); `message` says why."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "transition_not_allowed"


def state_conflict(exc: DjangoValidationError) -> StateConflict:
    """The 409 for a step the object's state does not allow, in the API's words: a state that
    moved on since it was read says "read again" (StaleState.api_message), never "reload the
    page"; any other refusal is its own sentence."""
    if isinstance(exc, StaleState):
        return StateConflict(exc.api_message)
    return StateConflict(exc.messages[0])
