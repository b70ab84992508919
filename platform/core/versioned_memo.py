"""Results computed from public tables, kept in each process until those tables change.

A ranking, a trend or a list of years is the same for every request until a snapshot, an official
result or a region changes; recomputing it per request is most of a ranking page's time. A
`VersionedMemo` keeps such results per process under the version of the tables they were read
from (`core.public_cache.PublicData`, versions kept by database triggers), so the first request
after a committed change recomputes and every later one reuses.

Only committed data are kept: a transaction that has written something itself sees a version
(and rows) that a rollback may take back, and a later commit could reach the same version number
with other rows. Such a transaction computes without the memo."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from core.public_cache import PublicData

_Value = TypeVar("_Value")


class VersionedMemo(Generic[_Value]):
    """At most `size` results (least recently used dropped first), each under the data version it
    was computed at. Values are shared between requests and threads: callers never mutate them."""

    def __init__(self, data: PublicData, size: int = 128) -> None:
        self.data = data
        self.size = size
        self._entries: OrderedDict[tuple[str, Hashable], _Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], _Value]) -> _Value:
        version = self.data.committed_version()
        if version is None:
            return compute()
        full_key = (version, key)
        with self._lock:
            if full_key in self._entries:
                self._entries.move_to_end(full_key)
                return self._entries[full_key]
        # Computed outside the lock: two threads missing together both compute, which is
        # cheaper than making every reader wait behind one computation.
        value = compute()
        with self._lock:
            self._entries[full_key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
