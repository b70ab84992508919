"""Calls for innovations (penjaringan, kompetisi, lomba Krenova) of one region, in its own schema.

A call has its stages and review rubric as rows (copied from a template in data/ when it is
created), a jury, and submissions: from visitors on the public page (no account) or from members
through their account. The jury scores each review stage after declaring whether they have a
conflict of interest; during the objection period (uji publik) anyone may claim a submission is
not original. People are public-schema users, referenced by id (never a foreign key across
schemas)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.assessment.storage import region_upload_path
from tenants.calls import vocabulary


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Dibuka")
    JUDGING = "judging", _("Penjurian")
    PUBLISHED = "published", _("Hasil diumumkan")
    CLOSED = "closed", _("Ditutup")


class StageKind(models.TextChoices):
    REVIEW = "review", _("Penilaian juri")
    OBJECTION_PERIOD = "objection_period", _("Uji publik (masa sanggah)")
    DECISION = "decision", _("Penetapan pemenang")


class Call(models.Model):
    title = models.CharField(_("tema"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    categories = models.JSONField(_("bidang"), default=list)  # codes of vocabulary "categories"
    opens_on = models.DateField(_("dibuka tanggal"))
    closes_on = models.DateField(_("ditutup tanggal"))
    submitter_kinds = models.JSONField(_("yang boleh mengusulkan"), default=list)
    max_team_size = models.PositiveSmallIntegerField(
        _("anggota tim paling banyak"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(vocabulary.max_team_size())],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    current_stage = models.ForeignKey(
        "CallStage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_by_id = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sayembara inovasi")
        verbose_name_plural = pgettext_lazy("plural", "sayembara inovasi")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def category_labels(self) -> list[str]:
        return [vocabulary.label("categories", code) for code in self.categories]

    @property
    def submitter_kind_labels(self) -> list[str]:
        return [vocabulary.label("submitter_kinds", code) for code in self.submitter_kinds]

    @property
    def is_public(self) -> bool:
        """Visible to visitors: every state but the draft."""
        return self.status != CallStatus.DRAFT


class CallStage(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=40)
    name = models.CharField(_("tahap"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=20, choices=StageKind.choices)

    class Meta:
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint("call", "position", name="call_stage_position_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("kriteria"), max_length=120)
    weight = models.PositiveSmallIntegerField(
        _("bobot"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("nilai maksimum"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )

    class Meta:
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class JuryMember(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="jury")
    user_id = models.BigIntegerField()  # accounts.User, public schema
    name = models.CharField(_("nama"), max_length=150)
    affiliation_kind = models.CharField(
        _("unsur"), max_length=20, choices=vocabulary.affiliation_choices
    )
    affiliation = models.CharField(_("instansi"), max_length=150, blank=True)

    class Meta:
        ordering = ["call", "name"]
        constraints = [
            models.UniqueConstraint("call", "user_id", name="jury_member_once_per_call"),
        ]

    def __str__(self) -> str:
        return self.name


class SubmissionStatus(models.TextChoices):
    ACTIVE = "active", _("Dalam proses seleksi")
    ELIMINATED = "eliminated", _("Tidak lolos")
    DISQUALIFIED = "disqualified", _("Didiskualifikasi")
    RANKED = "ranked", _("Masuk peringkat")
    WINNER = "winner", _("Pemenang")


class Submission(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="submissions")
    receipt_number = models.CharField(_("nomor tanda terima"), max_length=24, unique=True)
    submitter_kind = models.CharField(
        _("pengusul"), max_length=12, choices=vocabulary.submitter_kind_choices
    )
    submitter_user_id = models.BigIntegerField(null=True, blank=True)  # a member's own submission
    contact_name = models.CharField(_("nama pengusul"), max_length=150)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("telepon"), max_length=30, blank=True)
    team_members = models.JSONField(_("anggota tim lain"), default=list, blank=True)
    title = models.CharField(_("judul inovasi"), max_length=200)
    category = models.CharField(_("bidang"), max_length=40, choices=vocabulary.category_choices)
    problem = models.TextField(_("permasalahan"))
    solution = models.TextField(_("solusi/inovasi"))
    opd = models.ForeignKey(
        "organization.OpdUnit",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_submissions",
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.ACTIVE,
    )
    current_stage = models.ForeignKey(
        CallStage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    disqualified_reason = models.TextField(_("alasan diskualifikasi"), blank=True)
    final_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    final_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    # The draft innovation an accepted submission became (innovations.Innovation id).
    innovation_id = models.BigIntegerField(null=True, blank=True)
    # A submission forwarded from a kabupaten/kota to its province's call: where it came from,
    # by region code and receipt (the key that makes forwarding idempotent).
    forwarded_from_region_code = models.CharField(max_length=5, blank=True)
    forwarded_from_receipt = models.CharField(max_length=24, blank=True)
    # This region's submission forwarded to its province: the province call it went to.
    forwarded_to_call_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("usulan sayembara")
        verbose_name_plural = pgettext_lazy("plural", "usulan sayembara")
        ordering = ["call", "final_rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                "call",
                "forwarded_from_region_code",
                "forwarded_from_receipt",
                condition=~models.Q(forwarded_from_receipt=""),
                name="submission_forwarded_once_per_call",
            )
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.title}"

    @property
    def submitters(self) -> list[str]:
        """Everyone credited: the contact person, then the team."""
        return [self.contact_name, *[str(name) for name in self.team_members]]

    @property
    def category_label(self) -> str:
        return vocabulary.label("categories", self.category)


class SubmissionAttachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=region_upload_path, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class StageScore(models.Model):
    """One juror's word on one submission in one stage: first the conflict-of-interest
    declaration, then (without a conflict) the scores per criterion."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    stage = models.ForeignKey(CallStage, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="scores")
    has_conflict = models.BooleanField(_("ada konflik kepentingan"))
    conflict_note = models.CharField(_("keterangan konflik"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)
    scores = models.JSONField(default=dict, blank=True)  # {criterion id: score}
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("catatan juri"), blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "submission", "stage", "juror", name="stage_score_once_per_juror"
            ),
            models.CheckConstraint(
                condition=models.Q(has_conflict=False) | models.Q(total__isnull=True),
                name="stage_score_none_with_conflict",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror} · {self.submission_id} · {self.stage}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Diproses")
    UPHELD = "upheld", _("Diterima")
    REJECTED = "rejected", _("Ditolak")


class Objection(models.Model):
    """A claim, filed during the objection period, that a submission is not original."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="objections")
    claimant_name = models.CharField(_("nama pelapor"), max_length=150)
    claimant_contact = models.CharField(_("kontak pelapor"), max_length=150)
    reason = models.TextField(_("alasan sanggahan"))
    status = models.CharField(
        max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    decided_by_id = models.BigIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.claimant_name}: {self.reason[:40]}"


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    IN_PROGRESS = "in_progress", _("Berjalan")
    DONE = "done", _("Selesai")


class FollowUp(models.Model):
    """A step after the call: HKI registration, incubation, replication."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("jenis"), max_length=20, choices=vocabulary.follow_up_choices)
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.PLANNED
    )
    note = models.TextField(_("catatan"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submission", "kind"]
        constraints = [
            models.UniqueConstraint("submission", "kind", name="follow_up_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display()}"
