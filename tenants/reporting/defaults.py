"""The default reporting target (data/targets.yaml, with its source): how many innovations each
OPD should report in a year when the region has not set its own number for that year."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "targets.yaml"


@dataclass(frozen=True)
class DefaultTarget:
    min_innovations_per_opd: int
    source: str


@functools.cache
def default_target() -> DefaultTarget:
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    minimum = int(document["min_innovations_per_opd"])
    if minimum < 1:
        raise ValueError(f"{DATA}: min_innovations_per_opd must be at least 1")
    return DefaultTarget(minimum, " ".join(str(document["source"]).split()))
