from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    ExternalIdentity,
    IdentityProvider,
    Invitation,
    Membership,
    PersonalToken,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["region"]
    fields = ["region", "role", "opd_id"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profil"), {"fields": ("full_name", "position", "preferred_language")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Waktu"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = []


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "role", "opd_id", "created_at"]
    list_filter = ["role", "region__kind"]
    search_fields = ["user__email", "user__full_name", "region__name"]
    autocomplete_fields = ["user", "region"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["membership", "expires_at", "accepted_at"]
    readonly_fields = ["membership", "token_hash", "expires_at", "accepted_at", "created_at"]


class IdentityProviderForm(forms.ModelForm):
    issuer = forms.URLField(label=_("issuer"), assume_scheme="https", max_length=200)

    class Meta:
        model = IdentityProvider
        fields = ["slug", "name", "region", "issuer", "client_id", "client_secret", "is_active"]
        # The secret is written, never shown again.
        widgets = {"client_secret": forms.PasswordInput(render_value=False)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["client_secret"].required = False
            self.fields["client_secret"].help_text = _("Kosongkan untuk tetap memakai yang lama.")

    def clean_client_secret(self) -> str:
        secret = self.cleaned_data.get("client_secret") or ""
        return secret or (self.instance.client_secret if self.instance.pk else "")


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    """Platform operators register a province's or region's OpenID Connect provider here
    (accounts.openid_connect); its redirect URI at the provider is
    https://<BASE_DOMAIN>/akun/sso/<kode>/kembali/."""

    form = IdentityProviderForm
    list_display = ["name", "slug", "region", "issuer", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "region__name"]
    autocomplete_fields = ["region"]


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "subject", "linked_at", "last_used_at"]
    search_fields = ["user__email", "subject"]
    list_filter = ["provider"]
    raw_id_fields = ["user"]


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    """Platform admins see every personal API token (never a secret: only hashes are stored)
    and may revoke one by setting `revoked_at`; tokens are made by their owners only."""

    list_display = ["prefix", "name", "user", "region", "read_only", "expires_at", "revoked_at"]
    list_filter = ["read_only"]
    search_fields = ["prefix", "name", "user__email"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "region",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
    ]
    fields = [*readonly_fields, "revoked_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False
