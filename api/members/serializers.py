"""A region's members over the API: inviting people, changing a role, the admins' second-factor
rule, field for field as the members page's forms (tenants.members.forms)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Role
from api.accounts.serializers import RegionMemberSerializer


class MemberInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the e-mail has no account yet (the invitation creates one).",
    )
    role = serializers.ChoiceField(
        choices=Role.choices,
        help_text="One of the roles the caller may grant here (province roles only in a provinsi).",
    )
    opd_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The OPD unit of an `opd_operator` (one of the region's own); ignored otherwise.",
    )


class MemberChangeSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    opd_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The OPD unit of an `opd_operator`; ignored otherwise.",
    )


class InvitedMemberSerializer(RegionMemberSerializer):
    invited = serializers.SerializerMethodField(
        help_text=(
            "True: the person had no account; an invitation to set a password was e-mailed. "
            "False: an existing account was added directly."
        )
    )

    class Meta(RegionMemberSerializer.Meta):
        fields = [*RegionMemberSerializer.Meta.fields, "invited"]

    def get_invited(self, membership: object) -> bool:
        return bool(self.context.get("invited"))


class SecondFactorRuleSerializer(serializers.Serializer):
    # A declared field, which DRF takes off the class, not Field.required.
    required = serializers.BooleanField(  # type: ignore[assignment]
        help_text=(
            "Whether the region's admins must confirm each sign-in with a second factor; a "
            "change applies from each admin's next sign-in."
        )
    )
