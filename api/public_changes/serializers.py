from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.feeds import FeedPageFields
from core import public_changes
from core.models import PublicChange


def resource_path(change: PublicChange, slugs: dict[str, str]) -> str:
    """Where to read the changed row again (after a deletion: where it was). `slugs`: the
    slug of each region code (the snapshot list takes a region by its slug)."""
    key = change.key
    if change.collection == public_changes.CATALOG:
        return reverse("api:catalog-detail", kwargs={"public_id": key})
    if change.collection == public_changes.REGIONS:
        return reverse("api:region-detail", kwargs={"code": key})
    if change.collection == public_changes.RUBRIC_YEARS:
        return reverse("api:rubric-year-detail", kwargs={"year": int(key)})
    code, year = key.rsplit(":", 1)
    if change.collection == public_changes.SNAPSHOTS:
        return f"{reverse('api:ranking-snapshots')}?region={slugs.get(code, code)}&year={year}"
    # The year's list (rows carry their `region`): it has no filter by region.
    return reverse("api:official-result-list", kwargs={"year": int(year)})


class PublicChangeSerializer(serializers.ModelSerializer):
    collection = serializers.ChoiceField(
        choices=list(public_changes.COLLECTIONS),
        read_only=True,
        help_text=(
            "The list the row is in: `catalog`, `regions`, `rankings/snapshots`, "
            "`official-results` (platform operators), `rubric/years` (a year with its bands, "
            "indicators and options)."
        ),
    )
    key = serializers.CharField(
        read_only=True,
        help_text=(
            "The row in its list: a catalog entry's `public_id`, a region's `code`, a rubric "
            "`year`, and `code:year` for a region's snapshot or official result."
        ),
    )
    operation = serializers.ChoiceField(
        choices=["created", "updated", "deleted"],
        read_only=True,
        help_text="`deleted` is a tombstone (drop your copy); the others: read the row again.",
    )
    resource = serializers.SerializerMethodField(help_text="Path to read the row again.")

    class Meta:
        model = PublicChange
        fields = ["id", "at", "collection", "key", "operation", "resource"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_resource(self, change: PublicChange) -> str:
        return resource_path(change, self.context.get("slugs", {}))


def region_slugs(changes: Sequence[PublicChange]) -> dict[str, str]:
    """The slugs of the regions whose snapshots the changes name, in one query."""
    from regions.models import Region

    codes = {
        change.key.rsplit(":", 1)[0]
        for change in changes
        if change.collection == public_changes.SNAPSHOTS
    }
    if not codes:
        return {}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "slug"))


class PublicFeedPageSerializer(FeedPageFields):
    results = PublicChangeSerializer(many=True)
