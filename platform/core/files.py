"""Files and database transactions: a file saved inside a transaction must not outlive it when
it rolls back, and a file whose row a transaction deletes must stay until that transaction
commits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.files.storage import Storage, default_storage
from django.db import transaction


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


def delete_after_commit(names: Iterable[str | None], storage: Storage = default_storage) -> None:
    """Delete these stored files once the current transaction commits (never, if it rolls back:
    the rows that point at them are back)."""
    doomed = [name for name in names if name]
    if doomed:

        def delete() -> None:
            for name in doomed:
                storage.delete(name)

        transaction.on_commit(delete)
