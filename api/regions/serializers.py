from __future__ import annotations

from rest_framework import serializers

from regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    province_code = serializers.CharField(source="province.code", allow_null=True, read_only=True)
    display_name = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "display_name",
            "kind",
            "province_code",
            "slug",
            "is_active",
            "url",
        ]

    def get_url(self, region: Region) -> str | None:
        if not region.is_active:
            return None
        request = self.context.get("request")
        host = request.get_host() if request else ""
        port = f":{host.rsplit(':', 1)[1]}" if ":" in host else ""
        from django.conf import settings

        scheme = request.scheme if request else settings.SITE_SCHEME
        return f"{scheme}://{region.slug}.{settings.BASE_DOMAIN}{port}/"
