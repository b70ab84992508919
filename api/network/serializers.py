"""The replication network over the API: the same numbers as the network pages."""

from rest_framework import serializers

from replication.requests.models import RequestStatus


class NetworkProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField(source="display_name")


class NetworkNodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Kemendagri code of the region.")
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    province_name = serializers.CharField()
    inside = serializers.BooleanField(
        help_text="Within the province asked for (always true on the national network)."
    )
    replications_given = serializers.IntegerField(
        source="given", help_text="Its innovations replicated by others (agreement reached)."
    )
    replications_received = serializers.IntegerField(
        source="received", help_text="Innovations of others it replicates (agreement reached)."
    )
    giving_in_progress = serializers.IntegerField()
    receiving_in_progress = serializers.IntegerField()


class NetworkEdgeSerializer(serializers.Serializer):
    origin = serializers.CharField(source="origin.code", help_text="Code of the origin region.")
    requester = serializers.CharField(
        source="requester.code", help_text="Code of the region that replicates (learns)."
    )
    replications = serializers.IntegerField(
        help_text="Requests in agreement, implementation or completed."
    )
    in_progress = serializers.IntegerField(help_text="Requests still under way.")
    ended = serializers.IntegerField(help_text="Declined, cancelled or expired requests.")
    by_status = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Requests by status: " + ", ".join(RequestStatus.values) + ".",
    )


class NetworkInnovationSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    region_code = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.display_name")
    affair_name = serializers.CharField()
    score = serializers.DecimalField(max_digits=7, decimal_places=2)
    replica_count = serializers.IntegerField()


class NetworkSerializer(serializers.Serializer):
    province = NetworkProvinceSerializer(allow_null=True)
    replications = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    ended = serializers.IntegerField()
    nodes = NetworkNodeSerializer(many=True)
    edges = NetworkEdgeSerializer(many=True)
    top_innovations = NetworkInnovationSerializer(many=True)
