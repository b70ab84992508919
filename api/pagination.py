from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.db.models import Model, QuerySet
    from rest_framework.request import Request
    from rest_framework.views import APIView

_M = TypeVar("_M", bound="Model")
_Row = TypeVar("_Row")


class StandardPagination(PageNumberPagination):
    """Page-number pagination that rejects a malformed `page` or `page_size` with a clear 400
    instead of silently ignoring it."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    # The schema documents `page` as a number from 1: DRF's `page=last` would be input it does
    # not state (a client reads `count` and `page_size` instead).
    last_page_strings = ()

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    "page_size": [
                        _("Harus bilangan bulat 1 sampai %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def paginate_queryset(
        self,
        queryset: QuerySet[_M, _Row] | Sequence[_Row],
        request: Request,
        view: APIView | None = None,
    ) -> list[_Row] | None:
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and (not raw.isdigit() or int(raw) < 1):
            raise ValidationError({"page": [_("Nomor halaman harus bilangan bulat mulai dari 1.")]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters
