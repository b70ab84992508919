from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.history.models import Change


class ChangeFilterForm(forms.Form):
    """The history filters, from the query string. Invalid values are dropped, not errors: a
    stale bookmark still opens the history."""

    innovation = forms.IntegerField(label=_("Inovasi"), required=False, min_value=1)
    subject = forms.ChoiceField(
        label=_("Objek"),
        required=False,
        choices=[("", _("Semua objek")), *Change.Subject.choices],
    )
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    actor = forms.IntegerField(label=_("Oleh"), required=False, min_value=1)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for tenants.history.selectors.change_list."""
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        return {
            "innovation_id": data.get("innovation"),
            "subject": data.get("subject") or "",
            "year": data.get("year"),
            "actor_id": data.get("actor"),
        }
