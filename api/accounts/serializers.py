from rest_framework import serializers

from accounts.models import Membership, PersonalToken, User
from accounts.personal_tokens import DEFAULT_LIFETIME_DAYS, MAX_LIFETIME_DAYS, NAME_MAX_LENGTH
from api.regions.serializers import RegionSerializer


class MembershipSerializer(serializers.ModelSerializer):
    region = RegionSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "region", "role", "role_label", "opd_id"]


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "position"]


class RegionMemberSerializer(serializers.ModelSerializer):
    user = UserSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "role_label", "opd_id", "created_at"]


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=NAME_MAX_LENGTH,
        help_text='What the token is for, to tell it apart in the list (default: "Token API").',
    )
    expires_in_days = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LIFETIME_DAYS,
        help_text=f"Days the token stays valid (default {DEFAULT_LIFETIME_DAYS}).",
    )
    region = serializers.SlugField(
        required=False,
        allow_null=True,
        help_text="Slug of one region the token is held to (one of your memberships): it then "
        "works only on that region's host, and on the public site only for public reads.",
    )
    # A declared field, taken out of the class by DRF: it does not replace Field.read_only.
    read_only = serializers.BooleanField(  # type: ignore[assignment]
        required=False, default=False, help_text="Only GET, HEAD and OPTIONS."
    )
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        write_only=True,
        help_text="The second factor, for an account with two-step verification: the "
        "authenticator's current code, or one of its recovery codes.",
    )


class PersonalTokenSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    revoked = serializers.SerializerMethodField()

    class Meta:
        model = PersonalToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "region",
            "read_only",
            "revoked",
            "revoked_at",
        ]
        read_only_fields = fields

    def get_revoked(self, token: PersonalToken) -> bool:
        return token.revoked_at is not None


class TokenResponseSerializer(PersonalTokenSerializer):
    token = serializers.SerializerMethodField(
        help_text="The secret: send it as `Authorization: Bearer <token>`. Shown only now."
    )

    class Meta(PersonalTokenSerializer.Meta):
        fields = [*PersonalTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields

    def get_token(self, token: PersonalToken) -> str:
        return self.context["secret"]
