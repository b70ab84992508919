"""The ranking filters: plain GET parameters, so every filtered table has a URL to share."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rankings.selectors import SORTS, Basis, Level, default_ranking_year, ranking_years


class RankingFilterForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False)
    jenis = forms.ChoiceField(label=_("Tingkat"), choices=Level.CHOICES, required=False)
    provinsi = forms.ChoiceField(label=_("Provinsi"), required=False)
    predikat = forms.ChoiceField(label=_("Predikat"), required=False)
    dasar = forms.ChoiceField(
        label=_("Urutkan menurut"),
        choices=(("", _("Otomatis")), *Basis.CHOICES),
        required=False,
    )
    q = forms.CharField(label=_("Cari daerah"), required=False, max_length=80)
    urut = forms.ChoiceField(choices=[(key, key) for key in SORTS], required=False)
    arah = forms.ChoiceField(
        choices=(("", ""), ("naik", "naik"), ("turun", "turun")), required=False
    )

    def __init__(self, data, *, provinces, predicates, **kwargs) -> None:
        super().__init__(data, label_suffix="", **kwargs)
        years = ranking_years()
        self.default_year = default_ranking_year(years)
        self._choice_field("tahun").choices = [
            (year, year) for year in years or [self.default_year]
        ]
        self._choice_field("provinsi").choices = [("", _("Seluruh Indonesia"))] + [
            (province.slug, province.name) for province in provinces
        ]
        self._choice_field("predikat").choices = [("", _("Semua predikat")), *predicates]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # declared as one above
        return field

    def values(self) -> dict:
        """Cleaned filters, with defaults for whatever was absent or not valid."""
        data = self.cleaned_data if self.is_valid() else {}
        descending = {"naik": False, "turun": True}.get(data.get("arah") or "")
        return {
            "year": data.get("tahun") or self.default_year,
            "level": data.get("jenis") or Level.KABKOTA,
            "province_slug": data.get("provinsi") or "",
            "predicate": data.get("predikat") or "",
            "basis": data.get("dasar") or "",
            "search": (data.get("q") or "").strip(),
            "sort": data.get("urut") or "peringkat",
            "descending": descending,
        }
