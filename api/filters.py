"""Strict query filters shared by the list endpoints: malformed values are a 400 with a field
message, never silently ignored, and the schema states exactly what is accepted."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import django_filters
from django import forms
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from rest_framework.request import Request

_M = TypeVar("_M", bound="Model")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`; anything else is a 400, not silently ignored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)


NO_NUL = "^[^\\u0000]*$"


@extend_schema_field({"type": "string", "maxLength": 100, "pattern": NO_NUL})
class TextFilter(django_filters.CharFilter):
    """Free text up to 100 characters without NUL; anything else is a 400, as the schema states.
    Another length: `text_filter(max_length)`, whose schema states that length."""

    max_length = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", self.max_length)
        super().__init__(*args, **kwargs)


@functools.cache
def _text_filter_class(max_length: int) -> type[TextFilter]:
    subclass = type(f"TextFilter{max_length}", (TextFilter,), {"max_length": max_length})
    schema = {"type": "string", "maxLength": max_length, "pattern": NO_NUL}
    return extend_schema_field(schema)(subclass)


def text_filter(max_length: int, **kwargs: Any) -> TextFilter:
    """A TextFilter of another length, documented with that length (a class decoration is what
    drf-spectacular reads, so one class per length)."""
    return _text_filter_class(max_length)(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2147483647})
class IdFilter(django_filters.NumberFilter):
    """A positive whole-number id (a decimal or text is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2147483647)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 2000, "maximum": 2100})
class YearFilter(django_filters.NumberFilter):
    """An assessment year (a whole number)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class SelectorFilterSet(django_filters.FilterSet):
    """Declares and validates the query parameters of a list endpoint whose rows come from a
    selector (which applies the filters, and the visibility rules with them). The backend only
    validates; the view reads `parameters()` and passes them to the selector."""

    def filter_queryset(self, queryset: QuerySet[_M]) -> QuerySet[_M]:
        return queryset

    def parameters(self) -> dict[str, Any]:
        if not self.is_valid():
            raise translate_validation(self.errors)
        # An absent or empty parameter is "no filter": None, whatever the field type.
        return {
            name: None if value in ("", None) else value
            for name, value in self.form.cleaned_data.items()
        }


class SelectorView(Protocol):
    """A list view whose rows come from a selector, with a SelectorFilterSet to validate them."""

    @property
    def request(self) -> Request: ...

    @property
    def filterset_class(self) -> type[SelectorFilterSet]: ...

    def base_queryset(self) -> QuerySet[Any]: ...


def selector_parameters(view: SelectorView) -> dict[str, Any]:
    """The validated query parameters of `view.filterset_class` for the current request."""
    filterset = view.filterset_class(
        view.request.query_params, queryset=view.base_queryset(), request=view.request
    )
    return filterset.parameters()
