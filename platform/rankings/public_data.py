"""What ranking pages and the rankings API show, for their cached copies (core.public_cache): the
snapshots and official results, the rubric's years and predicate bands (current year, predicate
labels), and the regions (names, provinces, who uses the platform)."""

from __future__ import annotations

from core.public_cache import PublicData
from rankings.models import IndexSnapshot, OfficialResult
from regions.models import Region
from rubric.models import PredicateBand, RubricYear

RANKING_DATA = PublicData(models=(IndexSnapshot, OfficialResult, RubricYear, PredicateBand, Region))
