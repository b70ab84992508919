"""The innovation profile form. Validation rules live in tenants.innovations.validation and the
services; the form only shapes the input and puts each error next to its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import searchable
from rubric.models import GovernmentAffair
from tenants.assessment.evidence_files import check_upload
from tenants.innovations.models import Form, Initiator, Innovation, Stage
from tenants.innovations.profile import PROFILE_FIELDS
from tenants.organization.models import OpdUnit

# A draft may leave these open (an imported list rarely has them); submission requires them.
UNKNOWN = _("Belum ditentukan")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def affair_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    labels = dict(GovernmentAffair.Group.choices)
    for affair in GovernmentAffair.objects.order_by("order"):
        groups.setdefault(str(labels[affair.group]), []).append((affair.code, affair.name))
    return list(groups.items())


class InnovationForm(forms.ModelForm):
    # Some forty affairs and as many OPDs: typing a few letters beats scrolling (or Ctrl-click).
    affair = forms.ChoiceField(
        label=_("Urusan pemerintahan"), required=False, widget=searchable(forms.Select())
    )
    other_affairs = forms.MultipleChoiceField(
        label=_("Urusan lain yang beririsan"),
        required=False,
        widget=searchable(forms.SelectMultiple(attrs={"size": 6})),
    )
    video_url = forms.URLField(
        label=capfirst(Innovation._meta.get_field("video_url").verbose_name),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    is_digital = forms.TypedChoiceField(
        label=_("Jenis inovasi"),
        choices=[("1", _("Digital")), ("0", _("Non digital")), ("", UNKNOWN)],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Innovation
        fields = list(PROFILE_FIELDS)
        widgets = {
            "trial_started_on": DATE_WIDGET,
            "implemented_on": DATE_WIDGET,
            "developed_on": DATE_WIDGET,
            "design": forms.Textarea(attrs={"rows": 12, "data-word-count": "300"}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "budget_document": forms.ClearableFileInput(attrs={"accept": ".pdf"}),
            "business_profile": forms.ClearableFileInput(attrs={"accept": ".pdf"}),
        }

    def __init__(self, *args: Any, opd_queryset=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = affair_choices()
        self._choice_field("affair").choices = [("", UNKNOWN), *choices]
        # The model's choices, the form's "---------" replaced by UNKNOWN.
        for name, model_choices in (
            ("stage", Stage.choices),
            ("initiator", Initiator.choices),
            ("form", Form.choices),
        ):
            self._choice_field(name).choices = [("", UNKNOWN), *model_choices]
        self._choice_field("other_affairs").choices = choices
        opd = self.fields["opd"]
        assert isinstance(opd, forms.ModelChoiceField)  # the form field of a foreign key
        opd.queryset = opd_queryset if opd_queryset is not None else OpdUnit.objects.all()
        opd.empty_label = _("Pilih OPD pemilik inovasi")
        searchable(opd.widget)
        if self.instance.pk:
            digital = self.instance.is_digital
            self.initial["is_digital"] = "" if digital is None else ("1" if digital else "0")
        for name in ("budget_document", "business_profile"):
            # Clearing a stored document is not offered: a new upload replaces it.
            self.fields[name].widget = forms.FileInput(attrs={"accept": ".pdf"})

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # declared above, or a model field's choices
        return field

    def _clean_document(self, name: str):
        upload = self.cleaned_data.get(name)
        if upload and hasattr(upload, "content_type"):
            try:
                check_upload(upload, ["pdf"])
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        return upload

    def clean_budget_document(self):
        return self._clean_document("budget_document")

    def clean_business_profile(self):
        return self._clean_document("business_profile")

    def _post_clean(self) -> None:
        # The services validate and save; the ModelForm must not write to the instance first.
        pass

    def profile_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("budget_document", "business_profile"):
            if not data.get(name) or not hasattr(data[name], "content_type"):
                data.pop(name, None)
        return data
