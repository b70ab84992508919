"""The platform admin extends the vocabularies here: each added alias names the vocabulary, the
form officials write, the allowed value it means and why. Import runs are listed read-only (what
was uploaded, by whom, and what it did), and so are export jobs."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from imports.models import ExportJob, ImportRun, VocabularyAlias
from imports.vocabulary import ALLOWED_VALUES, term


class VocabularyAliasForm(forms.ModelForm):
    vocabulary = forms.ChoiceField(label=_("Kosakata"))

    class Meta:
        model = VocabularyAlias
        fields = ("vocabulary", "text", "means", "reason")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        vocabulary = self.fields["vocabulary"]
        assert isinstance(vocabulary, forms.ChoiceField)  # declared as one above
        vocabulary.choices = [(name, name) for name in sorted(ALLOWED_VALUES)]

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data  # what ModelForm.clean returns
        name, means = data.get("vocabulary"), data.get("means")
        if not name or not means:
            return data
        allowed = ALLOWED_VALUES[name]()
        # The allowed value may be given by its code or by its label.
        by_term = {term(value): value for value in allowed} | {
            term(label): value for value, label in allowed.items()
        }
        value = by_term.get(term(means))
        if value is None:
            shown = ", ".join(list(allowed.values())[:12])
            raise forms.ValidationError(
                {
                    "means": _("Bukan nilai baku kosakata ini. Contoh: %(values)s.")
                    % {"values": shown}
                }
            )
        data["means"] = value
        return data


@admin.register(VocabularyAlias)
class VocabularyAliasAdmin(admin.ModelAdmin):
    form = VocabularyAliasForm
    list_display = ("vocabulary", "text", "means", "reason", "added_by", "created_at")
    list_filter = ("vocabulary",)
    search_fields = ("text", "means", "reason")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "region", "filename", "status", "created_by")
    list_filter = ("kind", "status")
    fields = ("kind", "region", "filename", "status", "created_by", "created_at", "applied_at")
    readonly_fields = fields
    list_select_related = ("region", "created_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: who asked for which file, and whether a worker wrote it (a job stuck in
    "queued" points at the effect of the same id in the pipeline's list). Deleted by expiry
    only, so no file outlives its row."""

    list_display = ("created_at", "kind", "file_type", "region", "status", "size", "created_by")
    list_filter = ("kind", "status")
    fields = (
        "public_id",
        "kind",
        "file_type",
        "region",
        "created_by",
        "parameters",
        "status",
        "error",
        "filename",
        "size",
        "created_at",
        "finished_at",
        "expires_at",
    )
    readonly_fields = fields
    list_select_related = ("region", "created_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
