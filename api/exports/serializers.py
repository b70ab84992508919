"""Export jobs over the API: what may be asked for, and the job as it is reported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from imports.exports import progress_of
from imports.models import ExportJob, ExportKind, ExportStatus
from rankings.selectors import SORTS, Basis, Level
from tenants.history.models import Change

if TYPE_CHECKING:
    from rest_framework.request import Request


class ExportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ExportKind.choices,
        help_text=(
            "innovations: a year's innovations with their scores, as on the Impor & ekspor page "
            "(xlsx or csv); package: the submission package of a year (zip: the xlsx and every "
            "accepted or pending evidence file); history: the change history (csv or xlsx); "
            "rankings: a ranking table (xlsx or csv). On the public site only `rankings`."
        ),
    )
    file_type = serializers.ChoiceField(
        choices=["xlsx", "csv", "zip"],
        required=False,
        help_text="Default: xlsx (innovations, rankings), zip (package), csv (history).",
    )
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=(
            "innovations, package: the assessment year (default: the current one); rankings: "
            "the ranking's year; history: only changes about that year."
        ),
    )
    innovation = serializers.IntegerField(
        required=False, min_value=1, help_text="history: only changes of this innovation (id)."
    )
    subject = serializers.ChoiceField(
        choices=Change.Subject.choices,
        required=False,
        help_text="history: only changes of this kind of object.",
    )
    actor = serializers.IntegerField(
        required=False, min_value=1, help_text="history: only changes made by this user (id)."
    )
    level = serializers.ChoiceField(
        choices=[key for key, _label in Level.CHOICES],
        required=False,
        help_text="rankings: provinsi or kabkota (default).",
    )
    province = serializers.SlugField(
        required=False, help_text="rankings: a province's slug, for its kab/kota or its row."
    )
    predicate = serializers.SlugField(required=False, help_text="rankings: a predicate code.")
    basis = serializers.ChoiceField(
        choices=[key for key, _label in Basis.CHOICES],
        required=False,
        help_text="rankings: resmi (official index) or estimasi (the estimate).",
    )
    ordering = serializers.ChoiceField(
        choices=[*SORTS, *(f"-{key}" for key in SORTS)],
        required=False,
        help_text="rankings: sort key; a leading '-' sorts descending.",
    )
    search = serializers.CharField(
        required=False, max_length=80, help_text="rankings: part of a region's name."
    )


class ExportProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField(help_text="0 while the total is not known yet.")


class ExportJobSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.ChoiceField(choices=ExportKind.choices)
    file_type = serializers.CharField()
    parameters = serializers.DictField(
        help_text="What the file is made of, with the defaults filled in (and the language)."
    )
    status = serializers.SerializerMethodField(
        help_text=(
            "queued: waiting for a worker; running: a worker is writing it (see `progress`); "
            "done: fetch `file_url`; failed: see `error`."
        )
    )
    progress = serializers.SerializerMethodField()
    error = serializers.CharField(help_text="Why a failed job failed; empty otherwise.")
    filename = serializers.CharField(help_text="The name the file is downloaded under, once done.")
    size = serializers.IntegerField(allow_null=True, help_text="Bytes, once done.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(
        help_text="The job and its file are deleted after this (EXPORT_KEEP_HOURS)."
    )
    url = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField(help_text="Where the file is, once done.")

    @extend_schema_field(serializers.ChoiceField(choices=ExportStatus.choices))
    def get_status(self, job: ExportJob) -> str:
        return job.status

    @extend_schema_field(ExportProgressSerializer(allow_null=True))
    def get_progress(self, job: ExportJob) -> dict[str, int] | None:
        found = progress_of(job)
        return {"done": found[0], "total": found[1]} if found else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, job: ExportJob) -> str:
        return self._address("api:export-job", job)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file_url(self, job: ExportJob) -> str | None:
        if job.status != ExportStatus.DONE:
            return None
        return self._address("api:export-job-file", job)

    def _address(self, name: str, job: ExportJob) -> str:
        path = reverse(name, kwargs={"job_id": job.public_id})
        request: Request | None = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
