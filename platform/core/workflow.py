"""The shape both workflows share (an innovation's yearly report, a replication request): named
transitions from a set of states to one state, declared as data. Each workflow adds who may take
a step and what the step needs; the services that fire them lock the row, check the source state
with this, and record the step in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    name: str
    label: object  # shown on buttons and in timelines (lazy translation)
    sources: frozenset[str]  # the states it may be taken from
    target: str  # the state it leads to


T = TypeVar("T", bound=Transition)


class StaleState(ValidationError):
    """A step the object's current state does not allow, most often because someone moved it on
    since it was read. `state` is the service's sentence about it; what to do next differs by
    face, each with its one sentence: a page says reload (the error's message, as pages show
    it), a program is told to read again (`api_message`)."""

    def __init__(self, state: str) -> None:
        self.state = state
        hint = _("Muat ulang halaman untuk melihat keadaan terbaru.")
        super().__init__(f"{state} {hint}")

    @property
    def api_message(self) -> str:
        hint = _(
            "Data ini mungkin sudah diubah sejak Anda membacanya: baca lagi, lalu kirim langkah "
            "yang masih dapat dilakukan."
        )
        return f"{self.state} {hint}"


class Workflow(Mapping[str, T]):
    """The transitions of one workflow by name, with the questions every face asks of them."""

    def __init__(self, transitions: Iterable[T]) -> None:
        self._by_name: dict[str, T] = {}
        for transition in transitions:
            if transition.name in self._by_name:
                raise ValueError(f"transition {transition.name!r} declared twice")
            self._by_name[transition.name] = transition

    def __getitem__(self, name: str) -> T:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def possible_from(self, state: str) -> list[T]:
        """The transitions the state allows (before asking who may take them)."""
        return [t for t in self._by_name.values() if state in t.sources]

    def states(self) -> frozenset[str]:
        """Every state a transition starts from or leads to."""
        return frozenset(state for t in self._by_name.values() for state in (*t.sources, t.target))

    def final_states(self) -> frozenset[str]:
        """States no transition leaves."""
        leaving = {state for t in self._by_name.values() for state in t.sources}
        return self.states() - leaving
