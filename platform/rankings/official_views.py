"""Official results pages for platform operators (public site): what has been imported per year,
the upload form with its row-by-row report, and the template. Thin faces over rankings.official."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.policy import Action, require
from imports.models import ImportKind
from imports.runs import recent_runs, run_for, start_run
from imports.views import error_context, run_page
from rankings.official import (
    FIRST_YEAR,
    MAX_BYTES,
    MAX_ROWS,
    MAX_SOURCE_LENGTH,
    XLSX_CONTENT_TYPE,
)
from rankings.official_selectors import official_results, official_years
from rankings.official_template import official_results_template
from regions.models import Region, RegionKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def platform_admin_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous people are sent to sign in; signed-in people who do not run the platform get
    403 (the policy decides, as everywhere)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        require(request.user, Action.MANAGE_PLATFORM)
        return view(request, *args, **kwargs)

    return wrapped


def _year_choices() -> list[tuple[str, StrOrPromise]]:
    years = range(timezone.localdate().year, FIRST_YEAR - 1, -1)
    return [("", gettext_lazy("— dari kolom tahun —")), *((str(y), str(y)) for y in years)]


class OfficialImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas xlsx atau CSV"),
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,.csv,{XLSX_CONTENT_TYPE},text/csv"}
        ),
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("Tahun penilaian"),
        choices=_year_choices,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy(
            "Berlaku untuk seluruh berkas: baris yang kolom tahunnya kosong memakai tahun ini, baris dengan tahun lain ditolak."
        ),
    )
    source = forms.CharField(
        label=gettext_lazy("Sumber"),
        max_length=MAX_SOURCE_LENGTH,
        help_text=gettext_lazy(
            "Misalnya: Keputusan Menteri Dalam Negeri tentang Penerima Penghargaan IGA 2023."
        ),
    )


def _province(slug: str) -> Region | None:
    if not slug:
        return None
    return Region.objects.filter(kind=RegionKind.PROVINSI, slug=slug).first()


@platform_admin_only
def list_view(request: HttpRequest) -> HttpResponse:
    years = official_years()
    known = [row["year"] for row in years]
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = None
    if year not in known:
        year = known[0] if known else None
    # An unknown province in the query shows the whole country rather than an error page.
    province = _province(request.GET.get("provinsi", "").strip())
    results = list(official_results(year, province)) if year is not None else []
    context = {
        "years": years,
        "year": year,
        "province": province,
        "provinces": Region.objects.filter(kind=RegionKind.PROVINSI).only("name", "slug", "code"),
        "results": results,
    }
    return render(request, "rankings/official/list.html", context)


@platform_admin_only
def import_view(request: HttpRequest) -> HttpResponse:
    form = OfficialImportForm()
    errors: list = []
    user = request.user
    assert user.is_authenticated  # platform_admin_only: behind a sign-in
    if request.method == "POST":
        form = OfficialImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            run, errors = start_run(
                kind=ImportKind.OFFICIAL_RESULTS,
                region=None,
                actor=user,
                upload=upload,
                filename=upload.name,
                options={"year": form.cleaned_data["year"], "source": form.cleaned_data["source"]},
            )
            if run is not None:
                return redirect("official:run", run_id=run.public_id)
    context = {
        "form": form,
        **error_context(errors),
        "max_mb": MAX_BYTES // 1024 // 1024,
        "max_rows": MAX_ROWS,
        "runs": recent_runs(user, None, ImportKind.OFFICIAL_RESULTS),
    }
    return render(request, "rankings/official/import.html", context)


@platform_admin_only
def run_view(request: HttpRequest, run_id: UUID) -> HttpResponse:
    """The preview of an uploaded file of official results; confirming applies it."""
    user = request.user
    assert user.is_authenticated  # platform_admin_only: behind a sign-in
    run = run_for(user, None, ImportKind.OFFICIAL_RESULTS, run_id)
    result = run.result or {}
    years = result.get("years") or []
    return run_page(
        request,
        run,
        back_url=reverse("official:import"),
        page={
            "back_label": _("Impor hasil resmi IID"),
            "item_heading": _("Daerah dan tahun"),
            "summary": _(
                "%(created)d hasil resmi baru, %(updated)d diperbarui, %(unchanged)d tidak berubah, %(rejected)d baris tidak diimpor, %(demo_removed)d hasil demo dihapus."
            )
            % {
                key: result.get(key, 0)
                for key in ("created", "updated", "unchanged", "rejected", "demo_removed")
            },
            "done_url": f"{reverse('official:list')}?tahun={years[-1]}" if years else "",
            "done_label": _("Lihat hasil resmi"),
        },
    )


@platform_admin_only
def template_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(official_results_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-hasil-resmi-iid.xlsx"'
    return response
