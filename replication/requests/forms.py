"""Forms of the replication pages: the request itself and one form per step, holding exactly the
fields that step takes (replication.requests.transitions says which). The forms only shape the
input; replication.requests.services checks it (and its errors are put back on these fields)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from replication.requests.models import AgreementKind, DocumentKind
from replication.requests.transitions import Transition

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_TEXT = 5000


class RequestCreateForm(forms.Form):
    message = forms.CharField(
        label=_("Pesan untuk daerah asal"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mengapa daerah Anda ingin mereplikasi inovasi ini, dan siapa penghubungnya."),
    )
    letter = forms.FileField(
        label=_("Surat permohonan/minat (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (visit photos)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _date(label: StrOrPromise, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


NOTE_LABELS = {
    "decline": _("Alasan penolakan"),
    "cancel": _("Alasan pembatalan"),
    "return_visit": _("Apa yang perlu diperbaiki pada catatan kunjungan"),
    "return_agreement": _("Apa yang perlu diperbaiki pada catatan kesepakatan"),
}
PDF = {"accept": ".pdf,application/pdf"}
PICTURES = {"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"}


class TransitionForm(forms.Form):
    """The form of one step. Built from the step's data: its needed and optional fields and
    documents; `opd_choices` are the requester region's OPD units (for the replica),
    `reverse_choices` the requester's catalog entries the origin may replicate in return."""

    def __init__(
        self,
        transition: Transition,
        *args: Any,
        opd_choices: list[tuple[int, str]] | None = None,
        reverse_choices: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition = transition
        needs = set(transition.needs)
        self.fields["note"] = forms.CharField(
            label=NOTE_LABELS.get(transition.name, _("Catatan (opsional)")),
            required="note" in needs,
            max_length=MAX_TEXT,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        for key in transition.fields:
            if key == "reverse_entry" and not reverse_choices:
                continue  # the requester has nothing in the catalog to replicate in return
            self.fields[key] = self._field(
                key, key in needs, opd_choices or [], reverse_choices or []
            )
        for kind in transition.document_kinds:
            required = kind in transition.documents
            if kind == DocumentKind.VISIT_PHOTO:
                self.fields[kind] = MultipleFileField(
                    label=_("Foto kunjungan (JPG/PNG, boleh beberapa)"),
                    required=required,
                    widget=MultipleFileInput(attrs=PICTURES),
                )
            else:
                labels: dict[str, StrOrPromise] = {
                    DocumentKind.VISIT_MINUTES: _("Notulen kunjungan (PDF)"),
                    DocumentKind.AGREEMENT: _("Dokumen PKS/MoU/surat resmi (PDF)"),
                }
                label = labels.get(kind, DocumentKind(kind).label)
                self.fields[kind] = forms.FileField(
                    label=label, required=required, widget=forms.ClearableFileInput(attrs=PDF)
                )

    @staticmethod
    def _field(
        key: str,
        required: bool,
        opd_choices: list[tuple[int, str]],
        reverse_choices: list[tuple[int, str]],
    ) -> forms.Field:
        if key == "visit_date":
            return _date(_("Tanggal kunjungan"), required)
        if key == "visit_participants":
            return forms.CharField(
                label=_("Peserta kunjungan"),
                required=required,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Nama dan instansi peserta dari kedua daerah."),
            )
        if key == "agreement_kind":
            return forms.ChoiceField(
                label=_("Jenis kesepakatan"), required=required, choices=AgreementKind.choices
            )
        if key == "agreement_number":
            return forms.CharField(label=_("Nomor kesepakatan"), required=required, max_length=120)
        if key == "agreement_signed_on":
            return _date(_("Tanggal penandatanganan"), required)
        if key == "agreement_valid_until":
            return _date(_("Berlaku sampai (opsional)"), required)
        if key == "opd_id":
            return forms.TypedChoiceField(
                label=_("OPD pelaksana replika di daerah Anda"),
                required=required,
                coerce=int,
                choices=[("", "—"), *opd_choices],
                help_text=_(
                    "Inovasi replika dibuat di daerah Anda dengan profil awal dari inovasi asal."
                ),
            )
        if key == "reverse_entry":
            return forms.TypedChoiceField(
                label=_("Kesepakatan dua arah (opsional)"),
                required=required,
                coerce=int,
                empty_value=None,
                choices=[("", _("— hanya satu arah —")), *reverse_choices],
                help_text=_(
                    "Bila kesepakatan yang sama juga mencakup replikasi inovasi daerah pemohon "
                    "oleh daerah asal, pilih inovasinya: arah sebaliknya ikut tercatat dan "
                    "dikreditkan setelah kesepakatan dikonfirmasi."
                ),
            )
        raise ValueError(key)

    def service_input(self) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
        """(data, documents) for replication.requests.services.request_transition."""
        data = {
            key: self.cleaned_data.get(key)
            for key in ("note", *self.transition.fields)
            if key in self.fields
        }
        documents: list[tuple[str, Any]] = []
        for kind in self.transition.document_kinds:
            value = self.cleaned_data.get(kind)
            for upload in value if isinstance(value, list) else [value]:
                if upload:
                    documents.append((kind, upload))
        return data, documents

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for key, messages in exc.message_dict.items():
                self.add_error(key if key in self.fields else None, messages)
        else:
            self.add_error(None, exc.messages)
