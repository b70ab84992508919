"""Loading the rubric data files (platform/rubric/data/*.yaml) into the database.

Loading is a sync: indicators are matched by code and options by (basis, level), updated in place,
added or removed, so answers (which name an indicator code and a level, never a row id) stay valid
when a value is corrected in the data file. A file is validated completely before anything is
written, and each year is written in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml
from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
RUBRIC_FILE_GLOB = "iid-*.yaml"
AFFAIRS_FILE = "urusan.yaml"
LEVELS = (1, 2, 3)


class RubricDataError(ValueError):
    """A data file is malformed; the message names the file and the place."""


@dataclass
class SyncReport:
    years_created: list[int] = field(default_factory=list)
    years_updated: list[int] = field(default_factory=list)
    affairs: int = 0


def default_models() -> SimpleNamespace:
    from rubric import models

    return SimpleNamespace(
        RubricYear=models.RubricYear,
        PredicateBand=models.PredicateBand,
        Indicator=models.Indicator,
        IndicatorOption=models.IndicatorOption,
        GovernmentAffair=models.GovernmentAffair,
    )


def read_yaml(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise RubricDataError(f"{path.name}: not a mapping")
    return data


def sync_all(models: SimpleNamespace | None = None, data_dir: Path = DATA_DIR) -> SyncReport:
    """Load every rubric year and the affairs list from `data_dir`."""
    models = models or default_models()
    report = SyncReport()
    affairs = read_yaml(data_dir / AFFAIRS_FILE)
    # Every file is checked before anything is written: one broken file loads no year.
    rubrics = []
    for path in sorted(data_dir.glob(RUBRIC_FILE_GLOB)):
        data = read_yaml(path)
        validate_rubric(data, path.name)
        rubrics.append((path.name, data))
    with transaction.atomic():
        report.affairs = sync_affairs(affairs, models)
        for name, data in rubrics:
            created = sync_rubric(data, models, loaded_from=name)
            (report.years_created if created else report.years_updated).append(int(data["year"]))
    return report


def validate_rubric(data: dict[str, Any], name: str) -> None:
    def fail(where: str, problem: str) -> None:
        raise RubricDataError(f"{name}: {where}: {problem}")

    for key in ("year", "title", "sources", "formula", "predicates", "indicators"):
        if key not in data:
            fail("top level", f"missing '{key}'")
    sources = set(data["sources"])
    formula = data["formula"]
    for key in (
        "sid_divisor_floor",
        "count_score_per_innovation",
        "count_score_cap",
        "basic_service_gate",
        "max_total",
    ):
        if key not in formula:
            fail("formula", f"missing '{key}'")
    bands = data["predicates"].get("bands") or []
    if not bands or not any(Decimal(str(band["min"])) == 0 for band in bands):
        fail("predicates", "needs bands, one of them with min 0")
    codes = set()
    for index, indicator in enumerate(data["indicators"]):
        where = f"indicator {indicator.get('code', index)}"
        for key in ("code", "part", "number", "variable", "name", "weight", "source"):
            if key not in indicator:
                fail(where, f"missing '{key}'")
        if indicator["code"] in codes:
            fail(where, "duplicate code")
        codes.add(indicator["code"])
        if indicator.get("derived_from", "") not in ("", "replications"):
            fail(
                where,
                f"derived_from must be 'replications' or absent, not {indicator['derived_from']!r}",
            )
        if indicator["part"] not in ("spd", "sid"):
            fail(where, f"part must be spd or sid, not {indicator['part']!r}")
        if indicator["source"] not in sources:
            fail(where, f"source {indicator['source']!r} is not listed under 'sources'")
        option_sets = indicator.get("option_sets") or [
            {"basis": "", "options": indicator.get("options")}
        ]
        for option_set in option_sets:
            levels = tuple(option.get("level") for option in option_set.get("options") or [])
            if levels != LEVELS:
                fail(
                    where,
                    f"levels must be 1, 2, 3 (basis {option_set.get('basis') or '-'}: {levels})",
                )
    for key in ("source",):
        if formula.get(key) and formula[key] not in sources:
            fail("formula", f"source {formula[key]!r} is not listed under 'sources'")


def _known(model: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Only the fields `model` has: a data migration passes the model as it was at that point in
    the migration history, before later fields existed."""
    names = {field.name for field in model._meta.get_fields()}
    return {key: value for key, value in values.items() if key in names}


def sync_affairs(data: dict[str, Any], models: SimpleNamespace) -> int:
    with transaction.atomic():
        for order, affair in enumerate(data["affairs"]):
            models.GovernmentAffair.objects.update_or_create(
                code=affair["code"],
                defaults={
                    "name": affair["name"],
                    "group": affair["group"],
                    "basic_service": bool(affair.get("basic_service")),
                    "order": order,
                },
            )
    return len(data["affairs"])


@transaction.atomic
def sync_rubric(data: dict[str, Any], models: SimpleNamespace, *, loaded_from: str = "") -> bool:
    """Create or update the rubric of data['year']; returns True when it was created."""
    formula, predicates = data["formula"], data["predicates"]
    rubric, created = models.RubricYear.objects.update_or_create(
        year=int(data["year"]),
        defaults={
            "title": data["title"],
            "sources": data["sources"],
            "formula_source": formula.get("source", ""),
            "sid_divisor_floor": formula["sid_divisor_floor"],
            "count_score_per_innovation": Decimal(str(formula["count_score_per_innovation"])),
            "count_score_cap": formula["count_score_cap"],
            "basic_service_gate": formula["basic_service_gate"],
            "max_spd": Decimal(str(formula.get("max_spd", 0))),
            "max_sid": Decimal(str(formula.get("max_sid", 0))),
            "max_count": Decimal(str(formula.get("max_count", 0))),
            "max_total": Decimal(str(formula["max_total"])),
            "uncertain": formula.get("uncertain") or [],
            "predicates_source": predicates.get("source", ""),
            "predicates_uncertain": bool(predicates.get("uncertain")),
            "loaded_from": loaded_from,
        },
    )
    band_codes = []
    for band in predicates["bands"]:
        models.PredicateBand.objects.update_or_create(
            rubric=rubric,
            code=band["code"],
            defaults={"label": band["label"], "min_index": Decimal(str(band["min"]))},
        )
        band_codes.append(band["code"])
    models.PredicateBand.objects.filter(rubric=rubric).exclude(code__in=band_codes).delete()

    indicator_codes = []
    for item in data["indicators"]:
        weight = Decimal(str(item["weight"]))
        indicator, _ = models.Indicator.objects.update_or_create(
            rubric=rubric,
            code=item["code"],
            defaults=_known(
                models.Indicator,
                {
                    "part": item["part"],
                    "number": item["number"],
                    "sub": item.get("sub") or "",
                    "variable": item["variable"],
                    "name": item["name"],
                    "description": item.get("description") or "",
                    "weight": weight,
                    "mandatory": bool(item.get("mandatory")),
                    "evidence": item.get("evidence") or "",
                    "file_types": [ext.lower() for ext in item.get("file_types") or []],
                    "accepts_url": bool(item.get("accepts_url")),
                    "source": item["source"],
                    "uncertain": bool(item.get("uncertain")),
                    "uncertain_note": item.get("uncertain_note") or "",
                    "derived_from": item.get("derived_from") or "",
                },
            ),
        )
        indicator_codes.append(item["code"])
        option_sets = item.get("option_sets") or [
            {"basis": "", "label": "", "options": item["options"]}
        ]
        keys = []
        for option_set in option_sets:
            basis = option_set.get("basis") or ""
            for option in option_set["options"]:
                models.IndicatorOption.objects.update_or_create(
                    indicator=indicator,
                    basis=basis,
                    level=option["level"],
                    defaults={
                        "basis_label": option_set.get("label") or "",
                        "basis_evidence": option_set.get("evidence") or "",
                        "label": option["label"],
                        "score": weight * option["level"],
                    },
                )
                keys.append((basis, option["level"]))
        for stale in models.IndicatorOption.objects.filter(indicator=indicator):
            if (stale.basis, stale.level) not in keys:
                stale.delete()
    models.Indicator.objects.filter(rubric=rubric).exclude(code__in=indicator_codes).delete()
    return created
