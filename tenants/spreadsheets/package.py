"""The submission package (paket unggah): one ZIP with the xlsx export and every evidence file,
organised as the national application asks for them:

    <nn>-<innovation>/<indicator code>-<indicator>/<original file name>
    SPD/<indicator code>-<indicator>/<original file name>
    tautan.csv      evidence given as links (CSV for Excel with Indonesian settings)
    tautan.xlsx     the same links as a workbook
    README.txt      what is inside, the year and the estimated index

Only evidence that is accepted or still pending goes in (rejected evidence would be rejected
again), and only evidence the user may see. The ZIP is written to a temporary file, and files
are copied into it in chunks, so a package of many large files never sits in memory."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, TYPE_CHECKING

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from core import tables
from tenants.assessment.models import Evidence, EvidenceStatus
from tenants.spreadsheets.exporter import ExportData, export_data, export_filename, write_xlsx

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

INCLUDED = (EvidenceStatus.ACCEPTED, EvidenceStatus.PENDING)
# Already compressed: storing them saves time and gains nothing.
STORED_SUFFIXES = {".jpg", ".jpeg", ".png", ".mp4", ".mov", ".zip", ".xlsx"}
SLUG_LENGTH = 60
NAME_LENGTH = 120
# Column titles of the links list: a data format in Bahasa Indonesia, like the spreadsheet's.
LINK_HEADERS = ("Inovasi", "Kode indikator", "Indikator", "Tautan", "Status", "Folder")
UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


@dataclass
class PackageSummary:
    files: int = 0
    links: int = 0
    missing: list[str] = field(default_factory=list)  # evidence whose stored file is gone
    bytes: int = 0


def slug(text: str) -> str:
    return slugify(text)[:SLUG_LENGTH].strip("-") or "tanpa-nama"


def safe_name(name: str) -> str:
    """A file name without folders or characters Windows refuses, keeping its extension."""
    name = UNSAFE.sub("_", PurePosixPath(name.replace("\\", "/")).name).strip(" .")
    if not name:
        return "berkas"
    path = PurePosixPath(name)
    if len(name) > NAME_LENGTH:
        suffix = path.suffix[:10]
        name = path.stem[: NAME_LENGTH - len(suffix)] + suffix
    return name


class _Names:
    """Unique entry names, compared without case (Windows and macOS ignore it)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def unique(self, folder: str, name: str) -> str:
        path = PurePosixPath(name)
        candidate, counter = f"{folder}/{name}", 1
        while candidate.lower() in self.taken:
            counter += 1
            candidate = f"{folder}/{path.stem}-{counter}{path.suffix}"
        self.taken.add(candidate.lower())
        return candidate


def _visible_evidence(data: ExportData) -> list[Evidence]:
    report_ids = [row.innovation.report_id for row in data.rows if row.innovation.report_id]
    queryset = Evidence.objects.filter(answer__year=data.year, status__in=INCLUDED)
    if data.include_spd:
        queryset = queryset.filter(answer__report_id__in=report_ids) | queryset.filter(
            answer__report__isnull=True
        )
    else:
        queryset = queryset.filter(answer__report_id__in=report_ids)
    return list(queryset.select_related("answer").order_by("answer__indicator_code", "pk"))


def build_package(
    *,
    user: User,
    region: Region,
    year: int,
    target: IO[bytes],
    progress: Callable[[int, int], None] | None = None,
) -> PackageSummary:
    """Write the package for what `user` may see of `year` into the binary file `target`;
    `progress(done, total)` is told after each piece of evidence (an export job shows it)."""
    data = export_data(user=user, region=region, year=year)
    summary = PackageSummary()
    width = max(2, len(str(len(data.rows))))
    folders = {
        row.innovation.report_id: f"{row.number:0{width}d}-{slug(row.innovation.name)}"
        for row in data.rows
        if row.innovation.report_id
    }
    names_by_report = {
        row.innovation.report_id: row.innovation.name
        for row in data.rows
        if row.innovation.report_id
    }
    indicators = data.score.rubric.indicators if data.score is not None else {}
    names = _Names()
    links: list[list[str]] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        with tempfile.TemporaryFile() as sheet:
            write_xlsx(data, sheet)
            sheet.seek(0)
            with archive.open(export_filename(region, year, "xlsx"), "w") as entry:
                shutil.copyfileobj(sheet, entry)
        with tenant_context(region):
            evidence = _visible_evidence(data)
            for done, item in enumerate(evidence):
                if progress is not None:
                    progress(done, len(evidence))
                answer = item.answer
                code = answer.indicator_code
                indicator = indicators.get(code)
                indicator_folder = f"{code}-{slug(indicator.name)}" if indicator else code
                top = folders.get(answer.report_id, "SPD") if answer.report_id else "SPD"
                folder = f"{top}/{indicator_folder}"
                part = names_by_report.get(answer.report_id, "SPD") if answer.report_id else "SPD"
                if not item.is_file:
                    links.append(
                        [
                            part,
                            code,
                            indicator.name if indicator else "",
                            item.url,
                            item.get_status_display(),
                            folder,
                        ]
                    )
                    continue
                arcname = names.unique(
                    folder, safe_name(item.original_name or item.file.name or "")
                )
                if not _copy(item, archive, arcname, summary):
                    summary.missing.append(f"{folder}/{item.label}")
        summary.links = len(links)
        archive.writestr("tautan.csv", tables.csv_bytes(LINK_HEADERS, links))
        archive.writestr("tautan.xlsx", tables.xlsx_bytes("Tautan", LINK_HEADERS, links))
        archive.writestr("README.txt", _readme(data, summary))
    return summary


def _copy(item: Evidence, archive: zipfile.ZipFile, arcname: str, summary: PackageSummary) -> bool:
    try:
        source = item.file.open("rb")
    except (FileNotFoundError, OSError):
        return False
    compress = (
        zipfile.ZIP_STORED
        if PurePosixPath(arcname).suffix.lower() in STORED_SUFFIXES
        else zipfile.ZIP_DEFLATED
    )
    info = zipfile.ZipInfo(arcname, date_time=_zip_time(item))
    info.compress_type = compress
    with source, archive.open(info, "w", force_zip64=item.size > 2**31) as entry:
        shutil.copyfileobj(source, entry, 1024 * 1024)
    summary.files += 1
    summary.bytes += item.size
    return True


def _zip_time(item: Evidence) -> tuple[int, int, int, int, int, int]:
    moment = timezone.localtime(item.uploaded_at) if item.uploaded_at else timezone.localtime()
    return (
        max(moment.year, 1980),
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )


def _readme(data: ExportData, summary: PackageSummary) -> str:
    lines = [
        _("Paket unggah Indeks Inovasi Daerah"),
        "=" * 40,
        _("Daerah: %(region)s") % {"region": data.region.display_name},
        _("Tahun penilaian: %(year)d") % {"year": data.year},
        _("Dibuat: %(moment)s")
        % {"moment": timezone.localtime(data.exported_at).strftime("%d/%m/%Y %H:%M")},
    ]
    if data.score is not None:
        lines.append(
            _("Perkiraan indeks: %(index)s (%(predicate)s)")
            % {"index": data.score.result.index, "predicate": data.score.result.predicate_label}
        )
        lines.append(
            _(
                "Perkiraan ini dihitung Lumbung Inovasi dari jawaban dan bukti dukung yang sudah diterima; nilai resmi ditetapkan oleh penilai nasional."
            )
        )
    lines += [
        "",
        _("Isi paket"),
        "-" * 40,
        _(
            "%(name)s  profil, skor dan status bukti setiap inovasi (lembar Inovasi), jawaban SPD (lembar SPD) dan ringkasan."
        )
        % {"name": export_filename(data.region, data.year, "xlsx")},
        _(
            "NN-nama-inovasi/KODE-nama-indikator/  bukti dukung berkas satu inovasi per indikator; NN sama dengan kolom No di lembar Inovasi."
        ),
    ]
    if data.include_spd:
        lines.append(
            _("SPD/KODE-nama-indikator/  bukti dukung indikator satuan pemerintah daerah.")
        )
    lines += [
        _(
            "tautan.csv dan tautan.xlsx  bukti dukung berupa tautan, dengan indikator dan foldernya."
        ),
        "",
        _(
            "Hanya bukti dukung yang sudah diterima atau belum diperiksa yang disertakan; bukti yang ditolak tidak dimasukkan."
        ),
        _("Jumlah inovasi: %(rows)d; berkas bukti: %(files)d; tautan: %(links)d.")
        % {"rows": len(data.rows), "files": summary.files, "links": summary.links},
    ]
    if not data.include_spd:
        lines.append(_("Paket ini hanya berisi inovasi yang boleh Anda lihat (OPD Anda)."))
    if summary.missing:
        lines += ["", _("Berkas berikut tidak ditemukan di penyimpanan dan tidak disertakan:")]
        lines += [f"  - {name}" for name in summary.missing]
    return "\r\n".join(lines) + "\r\n"


def package_filename(region: Region, year: int) -> str:
    return f"paket-unggah-{region.slug}-{year}.zip"
