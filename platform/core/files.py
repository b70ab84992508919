"""Files saved inside a database transaction must not outlive it when it rolls back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import default_storage


@contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """Yield a list to which the block appends the storage names of the files it saved; if the
    block raises (its transaction rolled back), those files are deleted again."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
