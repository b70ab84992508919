"""Writing in a discussion: a post in the thread about an innovation or an OPD (the thread is
opened by its first post), with an optional attachment that Bappeda may share as a kelitbangan
result. The members mentioned with "@" and the other side (Bappeda ↔ the OPD's operators) are
told through the region's notices, in the post's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role
from accounts.policy import Action, can, members_who_may, membership_of, require
from core.files import delete_after_commit, files_removed_on_failure
from core.notices import notify
from tenants.assessment.evidence_files import check_upload
from tenants.discussions.mentions import Candidate, mentioned
from tenants.discussions.models import Post, Subject, Thread
from tenants.history.services import record_deletion, record_row

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.discussions.access import Place

ATTACHMENT_TYPES = ("pdf", "jpg", "jpeg", "png")
MAX_BODY = 10000
MENTION = gettext_noop("%(author)s menyebut Anda di diskusi %(subject)s")
NEW_POST = gettext_noop("Pesan baru dari %(author)s di diskusi %(subject)s")


def thread_path(subject_kind: str, subject_id: int) -> str:
    name = "discussions:innovation" if subject_kind == Subject.INNOVATION else "discussions:opd"
    return reverse(name, urlconf="lumbung.urls_region", args=[subject_id])


def _thread(place: Place, demo: bool) -> Thread:
    thread = (
        Thread.objects.select_for_update()
        .filter(subject_kind=place.subject_kind, subject_id=place.subject_id)
        .first()
    )
    if thread is None:
        try:
            with transaction.atomic():
                thread = Thread.objects.create(
                    subject_kind=place.subject_kind,
                    subject_id=place.subject_id,
                    opd=place.opd,
                    is_demo=demo,
                )
        except IntegrityError:  # opened by a concurrent first post
            thread = Thread.objects.select_for_update().get(
                subject_kind=place.subject_kind, subject_id=place.subject_id
            )
    if thread.opd_id != place.opd.pk:  # the innovation moved to another OPD
        thread.opd = place.opd
    return thread


def _mentioned_ids(region: Region, body: str, opd_id: int, author_id: int) -> list[int]:
    """Members named with "@" who may take part in this thread (others could not open it)."""
    if "@" not in body:
        return []
    people = members_who_may(Action.DISCUSS, region).only("pk", "full_name", "email")
    found = mentioned(body, (Candidate(user.pk, user.full_name, user.email) for user in people))
    by_id = {user.pk: user for user in people if user.pk in found}
    return [
        user_id
        for user_id in found
        if user_id != author_id and can(by_id[user_id], Action.DISCUSS, region, opd_id=opd_id)
    ]


def _other_side(region: Region, author: User, opd_id: int) -> list[int]:
    """Bappeda when the OPD wrote; the OPD's operators when Bappeda wrote."""
    membership = membership_of(author, region)
    if membership is not None and membership.role == Role.OPD_OPERATOR:
        people = members_who_may(Action.MANAGE_PROGRAMME, region).values_list("pk", flat=True)
    else:
        people = Membership.objects.filter(
            region_id=region.pk, role=Role.OPD_OPERATOR, opd_id=opd_id, user__is_active=True
        ).values_list("user_id", flat=True)
    return [user_id for user_id in people if user_id != author.pk]


def post_create(
    *,
    region: Region,
    author: User,
    place: Place,
    body: str,
    upload: UploadedFile | None = None,
    attachment_title: str = "",
    shared: bool = False,
    demo: bool = False,
) -> Post:
    """Add a post to the thread of `place` (opening it), and tell who should know."""
    require(author, Action.DISCUSS, region, opd_id=place.opd.pk)
    body = body.strip()
    if not body:
        raise ValidationError(_("Tulis pesannya."))
    if len(body) > MAX_BODY:
        raise ValidationError(
            _("Pesan terlalu panjang (paling banyak %(n)d karakter).") % {"n": MAX_BODY}
        )
    if shared:
        require(author, Action.MANAGE_PROGRAMME, region)
        if upload is None:
            raise ValidationError(_("Hasil kelitbangan yang dibagikan memerlukan lampiran."))
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        thread = _thread(place, demo)
        post = Post(
            thread=thread,
            author_id=author.pk,
            author_name=(author.full_name or author.email)[:150],
            body=body,
            shared=shared,
            attachment_title=attachment_title.strip()[:200],
        )
        if upload is not None:
            checked = check_upload(upload, ATTACHMENT_TYPES)
            name = upload.name
            assert name  # check_upload refuses a file without a name (it has no extension)
            post.attachment_title = post.attachment_title or name[:200]
            post.original_name = name[:255]
            post.content_type = checked.content_type
            post.size = checked.size
            post.attachment.save(name, upload, save=False)
            assert post.attachment.name is not None
            stored.append(post.attachment.name)
        post.mentioned_ids = _mentioned_ids(region, body, place.opd.pk, author.pk)
        post.save()
        record_row(actor=author, row=post, action="created", summary=body[:100])
        thread.last_post_at = timezone.now()
        thread.save(update_fields=["last_post_at", "opd"])
        params = {"author": post.author_name, "subject": place.title}
        path = thread_path(place.subject_kind, place.subject_id)
        notify(
            region=region,
            user_ids=post.mentioned_ids,
            kind="discussions.mention",
            title=MENTION,
            params=params,
            path=path,
            body=body[:500],
            source=f"discussion-mention:{region.pk}:{post.pk}",
        )
        notify(
            region=region,
            user_ids=[
                user_id
                for user_id in _other_side(region, author, place.opd.pk)
                if user_id not in post.mentioned_ids
            ],
            kind="discussions.post",
            title=NEW_POST,
            params=params,
            path=path,
            body=body[:500],
            source=f"discussion-post:{region.pk}:{post.pk}",
        )
        return post


def post_delete(*, region: Region, actor: User, post: Post) -> None:
    """Its author or Bappeda (Action.MANAGE_PROGRAMME) takes a post back."""
    if post.author_id != actor.pk:
        require(actor, Action.MANAGE_PROGRAMME, region)
    with tenant_context(region), transaction.atomic():
        name = post.attachment.name
        record_deletion(actor=actor, row=post, summary=post.body[:100])
        post.delete()
        if name:
            delete_after_commit([name], Post.attachment.field.storage)
