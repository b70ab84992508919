"""Reads of the discussions. Call inside the region's schema."""

from __future__ import annotations

from django.db.models import QuerySet

from tenants.discussions.models import Post, Subject, Thread


def thread_get(subject_kind: str, subject_id: int) -> Thread | None:
    return Thread.objects.filter(subject_kind=subject_kind, subject_id=subject_id).first()


def thread_posts(thread: Thread | None, *, latest: int | None = None) -> list[Post]:
    """A thread's posts, oldest first (`latest`: only the last ones)."""
    if thread is None:
        return []
    posts = thread.posts.order_by("-created_at", "-pk")
    if latest is not None:
        posts = posts[:latest]
    return list(reversed(list(posts)))


def thread_list(*, opd_id: int | None = None) -> QuerySet[Thread]:
    """Threads, latest activity first; `opd_id`: only those with that OPD."""
    threads = Thread.objects.select_related("opd").order_by("-last_post_at", "-pk")
    if opd_id is not None:
        threads = threads.filter(opd_id=opd_id)
    return threads


def innovation_names(threads: list[Thread]) -> dict[int, str]:
    """The names of the innovations some of `threads` are about (one query)."""
    from tenants.innovations.models import Innovation

    ids = [thread.subject_id for thread in threads if thread.subject_kind == Subject.INNOVATION]
    return dict(Innovation.objects.filter(pk__in=ids).values_list("pk", "name"))


def shared_results() -> QuerySet[Post]:
    """Kelitbangan results: attachments shared with every member of the region, newest first."""
    return (
        Post.objects.filter(shared=True)
        .exclude(attachment="")
        .select_related("thread__opd")
        .order_by("-created_at", "-pk")
    )


def post_get(pk: int) -> Post | None:
    return Post.objects.select_related("thread").filter(pk=pk).first()
