from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EMPTY_CHOICE
from tenants.lab.commitments import kind_choices
from tenants.organization.models import OpdUnit


def _opd_field(opd_ids: list[int] | None) -> forms.ModelChoiceField:
    queryset = OpdUnit.objects.order_by("name")
    if opd_ids is not None:
        queryset = queryset.filter(pk__in=opd_ids)
    return forms.ModelChoiceField(empty_label=EMPTY_CHOICE, label=_("OPD"), queryset=queryset)


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    problem = forms.CharField(
        label=_("Masalah yang ingin diselesaikan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team = forms.CharField(
        label=_("Tim (satu nama per baris)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, opd_ids: list[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"opd": _opd_field(opd_ids), **self.fields}


class DocumentForm(forms.Form):
    stage = forms.CharField(widget=forms.HiddenInput, max_length=30)
    kind = forms.CharField(label=_("Jenis dokumen"), max_length=40)
    title = forms.CharField(label=_("Judul (boleh kosong)"), max_length=200, required=False)
    file = forms.FileField(label=_("Berkas (PDF/JPG/PNG)"))


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=())
    number = forms.CharField(label=_("Nomor"), max_length=100)
    signed_on = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    signed_by = forms.CharField(label=_("Ditandatangani oleh"), max_length=150)
    file = forms.FileField(label=_("Berkas (PDF)"))

    def __init__(self, *args, opd_ids: list[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"opd": _opd_field(opd_ids), **self.fields}
        self.fields["kind"].choices = kind_choices()  # type: ignore[attr-defined]
