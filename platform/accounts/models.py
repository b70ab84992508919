"""People and their roles. Users are global (one login for the whole platform); a membership gives
a user one role in one region."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    REGION_ADMIN = "region_admin", _("Admin daerah")
    VERIFIER = "verifier", _("Verifikator")
    OPD_OPERATOR = "opd_operator", _("Operator OPD")
    PROVINCE_VIEWER = "province_viewer", _("Pemantau provinsi")
    LEADER = "leader", _("Pimpinan daerah")
    # A member of a call's jury (government, academia, practitioners, media): sees and scores
    # only the submissions of the calls they sit on.
    JURY = "jury", _("Juri")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_superuser=True, is_staff=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. `is_superuser` marks a platform admin (see accounts.policy)."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin platform"), default=False)
    date_joined = models.DateTimeField(_("terdaftar"), default=timezone.now)
    preferred_language = models.CharField(
        _("bahasa"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = pgettext_lazy("plural", "pengguna")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Membership(models.Model):
    """One role of one user in one region. An OPD operator is tied to one OPD of that region
    (`opd_id` refers to tenants.organization.OpdUnit inside the region's schema: a schema-crossing
    reference, so it is an id checked by the service, not a foreign key)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    opd_id = models.BigIntegerField(_("OPD"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = pgettext_lazy("plural", "keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="one_role_per_user_and_region"),
            models.CheckConstraint(
                condition=models.Q(role="opd_operator", opd_id__isnull=False)
                | ~models.Q(role="opd_operator"),
                name="opd_operator_has_opd",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"


class Invitation(models.Model):
    """An invitation to set a password and join a region. Only a hash of the token is stored."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="invitation"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = pgettext_lazy("plural", "undangan")

    def __str__(self) -> str:
        return f"{self.membership.user} → {self.membership.region}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class SignIn(models.Model):
    """One sign-in of one browser, shared by every host it was handed to (accounts.central_sign_in).

    Sessions are per host; each carries the id of the sign-in it belongs to, so signing out on
    any host ends it on all of them (the next request elsewhere finds it ended)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_ins")
    # "password" or "oidc:<provider slug>": how the person proved who they are.
    method = models.CharField(max_length=80)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sesi masuk")
        verbose_name_plural = pgettext_lazy("plural", "sesi masuk")
        indexes = [models.Index(fields=["user", "-started_at"], name="sign_in_by_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.method} · {self.started_at:%Y-%m-%d %H:%M}"


class IdentityProvider(models.Model):
    """An OpenID Connect identity provider run by a province or a region (accounts.openid_connect).

    It may vouch only for people whose every membership lies in its own territory (the region
    itself; for a province, the province and its kab/kota), and never for platform admins: a
    region's provider cannot sign anyone into another region."""

    slug = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama tombol"), max_length=120)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="identity_providers",
        verbose_name=_("daerah pengelola"),
    )
    issuer = models.URLField(
        _("issuer"),
        help_text=_(
            "Alamat penerbit OpenID Connect; konfigurasinya dibaca dari "
            "<issuer>/.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret = models.CharField(_("client secret"), max_length=500)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("penyedia identitas (SSO)")
        verbose_name_plural = pgettext_lazy("plural", "penyedia identitas (SSO)")

    def __str__(self) -> str:
        return f"{self.name} ({self.region})"


class ExternalIdentity(models.Model):
    """A person as an identity provider knows them (its `sub`), linked to one account the first
    time the provider vouched for the account's verified e-mail address."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="identities"
    )
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    linked_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identitas SSO")
        verbose_name_plural = pgettext_lazy("plural", "identitas SSO")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="one_account_per_provider_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider.slug}:{self.subject} → {self.user}"


class PersonalToken(models.Model):
    """A personal API token (accounts.personal_tokens): a secret the owner gives an integration
    instead of their password. Only a SHA-256 hash of the secret is stored; `prefix`, its
    visible start, lets the owner tell tokens apart. A token expires, can be revoked, may be
    held to one region's host and to reading only (accounts.policy.token_refusal)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="personal_tokens")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=20)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hanya untuk daerah"),
    )
    read_only = models.BooleanField(_("hanya baca"), default=False)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = pgettext_lazy("plural", "token API")
        indexes = [models.Index(fields=["user", "-created_at"], name="personal_token_by_user")]

    def __str__(self) -> str:
        return f"{self.prefix}… · {self.name} · {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
