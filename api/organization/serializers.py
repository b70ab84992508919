from api.fields import StrictModelSerializer
from tenants.organization.models import OpdUnit


class OpdUnitSerializer(StrictModelSerializer):
    class Meta:
        model = OpdUnit
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "head_name",
            "contact_email",
            "contact_phone",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]
        # Uniqueness is enforced by the database (case-insensitive) and reported by the service.
        validators = []
