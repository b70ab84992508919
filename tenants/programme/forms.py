from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EMPTY_CHOICE, searchable
from tenants.organization.models import Facilitator, OpdUnit
from tenants.programme.models import LearningEvent
from tenants.programme.vocabulary import kind_choices


class EventForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Jenis kegiatan"), choices=kind_choices)
    invited_opds = forms.ModelMultipleChoiceField(
        label=_("OPD diundang"),
        queryset=OpdUnit.objects.none(),
        required=False,
        widget=searchable(forms.SelectMultiple(attrs={"size": 8})),
    )

    class Meta:
        model = LearningEvent
        fields = ["kind", "title", "starts_at", "ends_at", "place", "description", "invited_opds"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read in the request's schema: the region's own units only.
        self.fields["invited_opds"].queryset = OpdUnit.objects.order_by("name")  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    facilitator = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        label=_("Fasilitator inovasi"),
        queryset=Facilitator.objects.none(),
        required=False,
        widget=searchable(forms.Select()),
    )
    opd = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        label=_("OPD"),
        queryset=OpdUnit.objects.none(),
        required=False,
        widget=searchable(forms.Select()),
    )
    person_name = forms.CharField(label=_("Nama peserta lain"), max_length=150, required=False)
    present = forms.BooleanField(label=_("Hadir"), required=False, initial=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = Facilitator.objects.select_related("opd").order_by(  # type: ignore[attr-defined]
            "opd__name", "name"
        )
        self.fields["opd"].queryset = OpdUnit.objects.order_by("name")  # type: ignore[attr-defined]


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200, required=False)
    file = forms.FileField(label=_("Berkas (PDF/JPG/PNG)"), required=False)
    link = forms.URLField(
        label=_("atau tautan"), max_length=500, required=False, assume_scheme="https"
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Notula"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    file = forms.FileField(label=_("Berkas notula bertanda tangan (PDF/JPG/PNG)"), required=False)
    remove_file = forms.BooleanField(label=_("Hapus berkas notula"), required=False)
