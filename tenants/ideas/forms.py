from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EMPTY_CHOICE
from tenants.ideas.models import IdeaStatus, ProposerKind
from tenants.organization.models import OpdUnit


class _IdeaTextForm(forms.Form):
    title = forms.CharField(label=_("Judul ide"), max_length=200)
    problem = forms.CharField(
        label=_("Masalah apa yang ingin diselesaikan?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proposal = forms.CharField(
        label=_("Usulan Anda"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    suggested_opd = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        label=_("OPD yang menurut Anda cocok (boleh kosong)"),
        queryset=OpdUnit.objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suggested_opd"].queryset = OpdUnit.objects.order_by("name")  # type: ignore[attr-defined]


class MemberIdeaForm(_IdeaTextForm):
    proposer_kind = forms.ChoiceField(
        label=_("Diusulkan sebagai"),
        choices=[(ProposerKind.ASN, _("ASN (pribadi)")), (ProposerKind.OPD, _("OPD"))],
        initial=ProposerKind.ASN,
    )


class PublicIdeaForm(_IdeaTextForm):
    proposer_name = forms.CharField(label=_("Nama Anda"), max_length=150)
    proposer_contact = forms.CharField(
        label=_("E-mail atau nomor telepon (boleh kosong)"), max_length=200, required=False
    )
    # Left empty by people (hidden from them); robots fill every field.
    website = forms.CharField(required=False, max_length=200, label=_("Situs web"))
    started = forms.CharField(widget=forms.HiddenInput, max_length=200)


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (IdeaStatus.NEW, IdeaStatus.NEW.label),
            (IdeaStatus.NEEDS_WORK, IdeaStatus.NEEDS_WORK.label),
            (IdeaStatus.DUPLICATE, IdeaStatus.DUPLICATE.label),
            (IdeaStatus.ACCEPTED, IdeaStatus.ACCEPTED.label),
        ],
    )
    duplicate_of = forms.IntegerField(
        label=_("Duplikat dari ide nomor"), required=False, min_value=1
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdoptForm(forms.Form):
    opd = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE, label=_("OPD yang mengadopsi"), queryset=OpdUnit.objects.none()
    )

    def __init__(self, *args, opd_ids: list[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        queryset = OpdUnit.objects.order_by("name")
        if opd_ids is not None:
            queryset = queryset.filter(pk__in=opd_ids)
        self.fields["opd"].queryset = queryset  # type: ignore[attr-defined]


class TriageFilterForm(forms.Form):
    # The filters stand in one row without visible labels (their first option says what they
    # choose): each is named for screen readers all the same.
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *IdeaStatus.choices],
        widget=forms.Select(attrs={"aria-label": _("Status")}),
    )
    kind = forms.ChoiceField(
        label=_("Pengusul"),
        required=False,
        choices=[("", _("Semua pengusul")), *ProposerKind.choices],
        widget=forms.Select(attrs={"aria-label": _("Pengusul")}),
    )
    opd = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
