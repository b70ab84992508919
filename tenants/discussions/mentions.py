"""Finding the members a post mentions: "@" followed by a member's e-mail address or full name
(case-insensitive, not running on into a longer word). At each "@" the longest name that fits
wins, so "@Adi Putra" is Adi Putra, not also a member called Adi."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    user_id: int
    full_name: str
    email: str


def mentioned(body: str, candidates: Iterable[Candidate]) -> list[int]:
    """The ids of the candidates `body` mentions, in the order they appear, each once."""
    if "@" not in body:
        return []
    text = body.casefold()
    names: list[tuple[str, int]] = []
    for candidate in candidates:
        names.append((candidate.email.casefold(), candidate.user_id))
        if candidate.full_name.strip():
            names.append((" ".join(candidate.full_name.split()).casefold(), candidate.user_id))
    names = [(name, user_id) for name, user_id in names if name]
    names.sort(key=lambda item: len(item[0]), reverse=True)
    found: list[int] = []
    for at in (match.start() for match in re.finditer("@", text)):
        for name, user_id in names:
            if re.match(rf"{re.escape(name)}(?![\w.-]*\w)", text[at + 1 :]):
                if user_id not in found:
                    found.append(user_id)
                break
    return found
