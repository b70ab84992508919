"""An innovation's publication in the replication catalog, over the API: its contact and notes
(JSON) and its documents (each uploaded on its own, multipart)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from tenants.publishing.models import DocumentKind, Publication, PublicationDocument


class PublicationInputSerializer(serializers.Serializer):
    """What a region admin writes when publishing; every field may be left out (kept as is
    when the innovation is already published)."""

    contact_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    notes = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text="What a replicating region must prepare (staff, budget, regulations).",
    )


class PublicationDocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = PublicationDocument
        fields = ["id", "kind", "title", "original_name", "content_type", "size", "uploaded_at",
                  "download_url"]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, document: PublicationDocument) -> str:
        path = reverse(
            "api:publication-document",
            kwargs={"pk": document.publication.innovation_id, "doc_id": document.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PublicationSerializer(serializers.ModelSerializer):
    innovation = serializers.IntegerField(source="innovation_id", read_only=True)
    documents = PublicationDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Publication
        fields = ["innovation", "contact_name", "contact_email", "contact_phone", "notes",
                  "published_at", "updated_at", "documents"]  # fmt: skip
        read_only_fields = fields


class PublicationDocumentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Default: the file's name."
    )
    file = serializers.FileField(max_length=255, help_text="PDF, JPG or PNG (checked by content).")
