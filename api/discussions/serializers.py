from __future__ import annotations

from rest_framework import serializers

from tenants.discussions.models import Post


class PostSerializer(serializers.ModelSerializer):
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "author_id",
            "author_name",
            "body",
            "has_attachment",
            "attachment_title",
            "size",
            "shared",
            "mentioned_ids",
            "created_at",
        ]
        read_only_fields = fields

    def get_has_attachment(self, post: Post) -> bool:
        return bool(post.attachment)


class PostInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
    attachment = serializers.FileField(required=False)
    attachment_title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    shared = serializers.BooleanField(required=False, default=False)
