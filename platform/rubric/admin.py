from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from rubric.models import GovernmentAffair, Indicator, IndicatorOption, PredicateBand, RubricYear
from rubric.services import rubric_changed, rubric_copy_year


class RecomputesFiguresOnChange(admin.ModelAdmin):
    """Saving or deleting rubric data here (the one place it is edited) records the recompute of
    every region's figures it moves, in the same transaction as the edit."""

    def rubric_year_of(self, obj) -> int | None:
        return None

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        rubric_changed(self.rubric_year_of(form.instance))

    def delete_model(self, request, obj) -> None:
        year = self.rubric_year_of(obj)
        super().delete_model(request, obj)
        rubric_changed(year)

    def delete_queryset(self, request, queryset) -> None:
        years = {self.rubric_year_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for year in years:
            rubric_changed(year)


class PredicateBandInline(admin.TabularInline):
    model = PredicateBand
    extra = 0


class CopyYearForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun baru"), min_value=2000, max_value=2100)


@admin.register(RubricYear)
class RubricYearAdmin(RecomputesFiguresOnChange, admin.ModelAdmin):
    list_display = [
        "year",
        "title",
        "sid_divisor_floor",
        "basic_service_gate",
        "max_total",
        "uncertain_count",
        "copied_from",
    ]
    readonly_fields = ["copied_from", "loaded_from", "created_at", "sources"]
    inlines = [PredicateBandInline]
    actions = ["copy_to_new_year"]

    def rubric_year_of(self, obj: RubricYear) -> int | None:
        return obj.year

    @admin.display(description=_("nilai belum pasti"))
    def uncertain_count(self, rubric: RubricYear) -> int:
        return len(rubric.uncertain) + rubric.indicators.filter(uncertain=True).count()

    @admin.action(description=_("Salin ke tahun penilaian baru"))
    def copy_to_new_year(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Pilih tepat satu rubrik untuk disalin."), messages.ERROR)
            return None
        source = queryset.get()
        form = CopyYearForm(request.POST if "year" in request.POST else None)
        if form.is_valid():
            try:
                copy = rubric_copy_year(
                    source=source, year=form.cleaned_data["year"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error("year", exc.message_dict.get("year", exc.messages))
            else:
                self.message_user(
                    request,
                    _("Rubrik %(year)d dibuat; silakan periksa nilainya.") % {"year": copy.year},
                )
                return redirect("admin:rubric_rubricyear_change", copy.pk)
        return render(
            request,
            "rubric/admin/copy_year.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "source": source,
                "opts": self.model._meta,
            },
        )


class IndicatorOptionInline(admin.TabularInline):
    model = IndicatorOption
    extra = 0
    fields = ["basis", "basis_label", "level", "label", "score"]


@admin.register(Indicator)
class IndicatorAdmin(RecomputesFiguresOnChange, admin.ModelAdmin):
    list_display = ["code", "name", "rubric", "part", "weight", "mandatory", "source", "uncertain"]
    list_filter = ["rubric", "part", "mandatory", "uncertain"]
    search_fields = ["code", "name", "variable"]
    inlines = [IndicatorOptionInline]

    def rubric_year_of(self, obj: Indicator) -> int | None:
        return obj.rubric.year


@admin.register(GovernmentAffair)
class GovernmentAffairAdmin(RecomputesFiguresOnChange, admin.ModelAdmin):
    list_display = ["name", "group", "basic_service", "code"]
    list_filter = ["group", "basic_service"]
