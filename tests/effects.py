"""Applying recorded effects inside a test, as the worker would after the commit: a test's own
transaction never commits, so nothing reaches a worker, but the pending rows are there."""

from __future__ import annotations


def apply_effects(*, only: set[str] | None = None, exclude: set[str] | None = None):
    """Apply every pending effect (due or not) and what those record in turn. Fails the test
    when an effect fails: its error would otherwise wait silently for a retry."""
    from pipeline.models import PendingEffect
    from pipeline.runner import drain

    report = drain(only=only, exclude=exclude)
    failing = list(PendingEffect.objects.filter(attempts__gt=0).values_list("effect", "last_error"))
    assert not report.failed and not failing, failing
    return report
