"""Query parameters every list endpoint shares, checked as strictly as the filters
(api.filters): `ordering` names a field the list may be sorted by, or it is a 400; `updated_since`
returns what changed at or after a moment, oldest change first, for keeping a copy in sync."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter

from api.contract import INVALID_CHOICE, choice_problem
from core.commit_horizon import settled_before

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from rest_framework.request import Request
    from rest_framework.views import APIView

# The field a model records its last change in, where it has one.
UPDATED_FIELD = "updated_at"


class StrictOrderingFilter(OrderingFilter):
    """`ordering=name,-updated_at`: each term one of the view's `ordering_fields` (a leading '-'
    sorts descending). An unknown term is a 400 naming the allowed ones, never silently ignored;
    a view without `ordering_fields` takes no `ordering` at all (api.contract refuses it)."""

    def get_ordering(self, request: Request, queryset: QuerySet, view: APIView) -> Any:
        raw = request.query_params.get(self.ordering_param)
        allowed = allowed_orderings(view)
        if raw is None or not allowed:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in raw.split(",")]
        unknown = [term for term in terms if term.lstrip("-") not in allowed]
        if unknown:
            # Each term is a choice, answered as every choice is (as the rankings' `ordering`,
            # whose schema lists its terms, is at the contract gate).
            choices = [*allowed, *(f"-{name}" for name in allowed)]
            raise ValidationError(
                {self.ordering_param: [choice_problem(term, choices) for term in unknown]},
                code=INVALID_CHOICE,
            )
        return terms

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        allowed = allowed_orderings(view)
        if not allowed:
            return []
        one = "-?(" + "|".join(re.escape(name) for name in allowed) + ")"
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Sort by {', '.join(allowed)}; a leading '-' sorts descending, several "
                    "separated by commas."
                ),
                "schema": {"type": "string", "pattern": f"^{one}(,{one})*$"},
            }
        ]


def allowed_orderings(view: APIView) -> list[str]:
    fields = getattr(view, "ordering_fields", None)
    if not isinstance(fields, list | tuple):
        return []
    return [name if isinstance(name, str) else name[0] for name in fields]


def model_of(view: APIView) -> type[Model] | None:
    """The model a list view returns rows of, without running its query."""
    base = getattr(view, "base_queryset", None)
    if callable(base):
        return base().model
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer_class = getattr(view, "serializer_class", None)
    meta = getattr(serializer_class, "Meta", None)
    return getattr(meta, "model", None)


def updated_field(view: APIView) -> str | None:
    model = model_of(view)
    if model is None:
        return None
    name = getattr(view, "updated_field", UPDATED_FIELD)
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return name


class UpdatedSinceFilter(BaseFilterBackend):
    """`updated_since=2026-12-01T08:00:00+07:00` (or a date): only rows changed at or after it,
    oldest change first, so a client keeps a copy current by asking again from the newest
    `updated_at` it holds (rows changed at that very moment come again: deduplicate by id).
    A row shows once every transaction that could still commit an older stamp has ended
    (core.commit_horizon), so asking again never skips a late commit. Deletions are not rows any
    more: they are in the change feed (/api/v1/history/feed/)."""

    parameter = "updated_since"

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        raw = request.query_params.get(self.parameter)
        field = updated_field(view)
        if raw is None or field is None:
            return queryset
        moment = parse_moment(raw)
        if moment is None:
            raise ValidationError(
                {
                    self.parameter: [
                        _("Waktu tidak dikenali; tulis seperti 2026-12-01T08:00:00+07:00.")
                    ]
                }
            )
        # Only rows stamped before the commit horizon: a row stamped earlier than the newest one
        # a client holds, but committed after its read, would otherwise never be listed to it.
        settled = {f"{field}__gte": moment, f"{field}__lt": settled_before()}
        return queryset.filter(**settled).order_by(field, "pk")

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        if updated_field(view) is None:
            return []
        return [
            {
                "name": self.parameter,
                "required": False,
                "in": "query",
                "description": (
                    "Only rows changed at or after this moment (ISO 8601; a date means its "
                    "start), oldest change first: ask again from the newest `updated_at` you "
                    "hold. A change is listed once every older transaction has ended (a few "
                    "seconds), so asking again never skips one that committed late. Deletions "
                    "are in the change feed."
                ),
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


def parse_moment(raw: str) -> datetime | None:
    """An ISO 8601 moment or date; a moment without a zone is in the platform's time zone."""
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is None:
                return None
            moment = datetime.combine(day, time.min)
    except ValueError:
        return None
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # In UTC: PostgreSQL takes offsets up to 15:59 only, ISO 8601 writes any.
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
