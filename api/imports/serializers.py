"""Import runs over the API: an uploaded table checked into a preview, confirmed, applied."""

from __future__ import annotations

from rest_framework import serializers

from imports.models import ImportRun, RunStatus
from imports.runs import progress_of


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        max_length=255,
        help_text="The filled-in import template (.xlsx) or a CSV with the same columns.",
    )


class ImportConfirmSerializer(serializers.Serializer):
    create_opds = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        default=list,
        max_length=200,
        help_text=(
            "OPD names from the preview's unknown OPDs that the import may create (region "
            "admins); rows naming other unknown OPDs stay rejected."
        ),
    )


class ImportProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()


class ImportRunSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    filename = serializers.CharField()
    status = serializers.ChoiceField(
        choices=RunStatus.choices,
        help_text=(
            "checking: a worker is checking a big file (see `progress`); previewed: read the "
            "preview, then confirm or discard; applying: a worker applies it; applied; discarded."
        ),
    )
    created_at = serializers.DateTimeField()
    applied_at = serializers.DateTimeField(allow_null=True)
    progress = serializers.SerializerMethodField(
        help_text="While a worker checks a big file: rows done of the file's rows."
    )
    preview = serializers.DictField(
        help_text="Per row: what confirming would do (create, update, unchanged, reject) and why."
    )
    result = serializers.DictField(
        help_text="Once applied: the counts, and the errors if it failed."
    )

    def get_progress(self, run: ImportRun) -> dict[str, int] | None:
        found = progress_of(run) if run.status == RunStatus.CHECKING else None
        return {"done": found[0], "total": found[1]} if found else None
