from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EMPTY_CHOICE
from tenants.calls import spam, vocabulary
from tenants.calls.models import Call, FollowUpStatus
from tenants.calls.submissions import MAX_ATTACHMENTS
from tenants.organization.models import OpdUnit


class CallForm(forms.Form):
    title = forms.CharField(label=_("Tema"), max_length=200)
    description = forms.CharField(
        label=_("Uraian"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    categories = forms.MultipleChoiceField(
        label=_("Bidang"),
        choices=vocabulary.category_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_on = forms.DateField(
        label=_("Dibuka tanggal"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Ditutup tanggal"), widget=forms.DateInput(attrs={"type": "date"})
    )
    submitter_kinds = forms.MultipleChoiceField(
        label=_("Yang boleh mengusulkan"),
        choices=vocabulary.submitter_kind_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    max_team_size = forms.IntegerField(
        label=_("Anggota tim paling banyak (termasuk ketua)"),
        min_value=1,
        max_value=vocabulary.max_team_size(),
        initial=vocabulary.max_team_size(),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Tanggal tutup tidak boleh sebelum tanggal buka."))
        return data

    @classmethod
    def initial_of(cls, call: Call) -> dict[str, Any]:
        return {
            key: getattr(call, key)
            for key in (
                "title",
                "description",
                "categories",
                "opens_on",
                "closes_on",
                "submitter_kinds",
                "max_team_size",
            )
        }


class JurorForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Anggota"), coerce=int)
    affiliation_kind = forms.ChoiceField(label=_("Unsur"), choices=vocabulary.affiliation_choices)
    affiliation = forms.CharField(label=_("Instansi"), max_length=150, required=False)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(u.pk, f"{u.get_full_name() or u.email} ({u.email})") for u in candidates]


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Kriteria"), max_length=120)
    weight = forms.IntegerField(label=_("Bobot"), min_value=1, max_value=100)
    max_score = forms.IntegerField(
        label=_("Nilai maksimum"), min_value=1, max_value=1000, initial=100
    )


class StepForm(forms.Form):
    keep = forms.IntegerField(
        label=_("Jumlah usulan yang lolos (kosong: semua)"), min_value=1, required=False
    )
    winners = forms.IntegerField(label=_("Jumlah pemenang"), min_value=1, initial=3, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class SpamGuardedForm(forms.Form):
    """A form visitors send: the honeypot (hidden from people) and the signed start time."""

    website = forms.CharField(
        label=_("Jangan diisi"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = spam.new_stamp()

    def is_automated(self) -> bool:
        return spam.looks_automated(self.data)


class SubmissionForm(SpamGuardedForm):
    submitter_kind = forms.ChoiceField(label=_("Mengusulkan sebagai"))
    contact_name = forms.CharField(label=_("Nama pengusul (ketua tim)"), max_length=150)
    contact_email = forms.EmailField(label=_("E-mail"))
    contact_phone = forms.CharField(label=_("Telepon/WhatsApp"), max_length=30, required=False)
    team_members = forms.CharField(
        label=_("Anggota tim lain (satu nama per baris)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    title = forms.CharField(label=_("Judul inovasi"), max_length=200)
    category = forms.ChoiceField(label=_("Bidang"))
    problem = forms.CharField(
        label=_("Permasalahan yang diatasi"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    solution = forms.CharField(
        label=_("Solusi/inovasi yang ditawarkan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    opd = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        label=_("OPD (untuk usulan OPD/ASN)"),
        queryset=OpdUnit.objects.none(),
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Lampiran (PDF/JPG/PNG, paling banyak %(count)s)") % {"count": MAX_ATTACHMENTS},
        required=False,
    )

    def __init__(self, *args: Any, call: Call, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices(
            "submitter_kind", [(k, vocabulary.label("submitter_kinds", k)) for k in kinds]
        )
        self._set_choices(
            "category", [(c, vocabulary.label("categories", c)) for c in call.categories]
        )
        opd = self.fields["opd"]
        assert isinstance(opd, forms.ModelChoiceField)
        opd.queryset = OpdUnit.objects.order_by("name")

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_team_members(self) -> list[str]:
        text = self.cleaned_data.get("team_members") or ""
        return [line.strip()[:150] for line in text.splitlines() if line.strip()]


class ObjectionForm(SpamGuardedForm):
    submission = forms.TypedChoiceField(label=_("Usulan yang disanggah"), coerce=int)
    claimant_name = forms.CharField(label=_("Nama Anda"), max_length=150)
    claimant_contact = forms.CharField(label=_("E-mail atau telepon"), max_length=150)
    reason = forms.CharField(
        label=_("Alasan: di mana inovasi ini sudah ada sebelumnya"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, submissions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["submission"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.pk, s.title) for s in submissions]


class DeclareForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Konflik kepentingan"),
        choices=[
            ("no", _("Saya tidak memiliki konflik kepentingan dengan usulan ini")),
            ("yes", _("Saya memiliki konflik kepentingan (tidak menilai usulan ini)")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    conflict_note = forms.CharField(
        label=_("Keterangan konflik (hubungan keluarga, kerja, kepemilikan)"),
        max_length=300,
        required=False,
    )


class ScoreForm(forms.Form):
    """One field per criterion of the call's rubric (score_<criterion id>), and a note."""

    note = forms.CharField(
        label=_("Catatan juri"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0-{criterion.max_score}, bobot {criterion.weight})",
                min_value=0,
                max_value=criterion.max_score,
            )

    def scores(self) -> dict[str, int]:
        return {str(c.pk): self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class AcceptForm(forms.Form):
    opd = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        label=_("OPD pembina (untuk inovasi masyarakat)"),
        queryset=OpdUnit.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["opd"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = OpdUnit.objects.order_by("name")


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tindak lanjut"), choices=vocabulary.follow_up_choices)
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    note = forms.CharField(label=_("Catatan"), max_length=2000, required=False)


class ForwardForm(forms.Form):
    call = forms.TypedChoiceField(label=_("Sayembara provinsi"), coerce=int)

    def __init__(self, *args: Any, calls: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["call"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = calls
