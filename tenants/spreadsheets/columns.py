"""The columns of the innovation spreadsheet, shared by the template, the importer and the export
(so an exported file can be edited and imported again).

Column titles and choice labels are a data format, not interface text: they are always written in
Bahasa Indonesia (the language of the national application) whatever the user's interface
language, and the importer also accepts the labels of the active language and the stored codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import TextChoices
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.partial_dates import DatePrecision, format_partial
from tenants.innovations.models import Form, Initiator, Innovation, Stage

if TYPE_CHECKING:
    from rubric.models import GovernmentAffair

SHEET_INNOVATIONS = "Inovasi"
SHEET_HELP = "Petunjuk"
SHEET_REFERENCE = "Referensi"
DIGITAL, NON_DIGITAL = "Digital", "Non digital"
DATE_FORMAT = "DD/MM/YYYY"
UNKNOWN = "Belum ditentukan"


class Kind:
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    DIGITAL = "digital"
    OPD = "opd"
    AFFAIR = "affair"
    AFFAIRS = "affairs"
    DATE = "date"
    MONEY = "money"
    COORDINATE = "coordinate"
    URL = "url"


@dataclass(frozen=True)
class Column:
    key: str  # the Innovation field
    title: str
    kind: str
    help: str | Promise
    required: bool = False
    choices: type[TextChoices] | None = None
    aliases: tuple[str, ...] = ()
    width: int = 20

    @property
    def max_length(self) -> int | None:
        return getattr(Innovation._meta.get_field(self.key), "max_length", None)


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "Nama inovasi",
        Kind.TEXT,
        _(
            "Nama inovasi, tanpa singkatan yang tidak lazim. Satu OPD tidak boleh memiliki dua inovasi dengan nama yang sama; impor ulang mencocokkan baris dengan inovasi yang ada melalui OPD dan nama ini."
        ),
        required=True,
        aliases=("nama", "judul inovasi", "nama inovasi daerah"),
        width=36,
    ),
    Column(
        "opd",
        "OPD",
        Kind.OPD,
        _(
            "Nama atau singkatan OPD pengusul dari daftar OPD daerah (lihat lembar Referensi). Bentuk lain yang lazim (Dinkes, Bappedalitbang, Dukcapil) dan nama daerah di belakangnya juga dikenali; OPD yang belum ada dapat dibuat admin dari pratinjau."
        ),
        required=True,
        aliases=(
            "opd pengusul",
            "perangkat daerah",
            "perangkat daerah pengusul",
            "unit kerja",
            "opd/unit kerja",
            "instansi",
            "skpd",
        ),
        width=32,
    ),
    Column(
        "stage",
        "Tahapan",
        Kind.CHOICE,
        _(
            "Tahapan inovasi: Inisiatif, Uji coba atau Penerapan. Boleh kosong atau Belum ditentukan untuk draf; wajib sebelum diajukan."
        ),
        choices=Stage,
        aliases=("tahapan inovasi", "tahapan inovasi daerah", "tahap"),
        width=14,
    ),
    Column(
        "initiator",
        "Inisiator",
        Kind.CHOICE,
        _("Siapa yang menggagas inovasi: Kepala Daerah, Anggota DPRD, OPD, ASN atau Masyarakat."),
        choices=Initiator,
        aliases=("inisiator inovasi", "inisiator inovasi daerah", "penggagas"),
        width=16,
    ),
    Column(
        "initiator_name",
        "Nama inisiator",
        Kind.TEXT,
        _("Nama orang atau lembaga penggagas (boleh kosong)."),
        width=24,
    ),
    Column(
        "is_digital",
        "Jenis",
        Kind.DIGITAL,
        _("Digital atau Non digital."),
        aliases=("jenis inovasi", "digital/non digital"),
        width=13,
    ),
    Column(
        "form",
        "Bentuk",
        Kind.CHOICE,
        _(
            "Bentuk inovasi menurut PP 38/2017: tata kelola pemerintahan daerah, pelayanan publik, atau inovasi daerah lainnya sesuai urusan pemerintahan."
        ),
        choices=Form,
        aliases=("bentuk inovasi", "bentuk inovasi daerah"),
        width=30,
    ),
    Column(
        "affair",
        "Urusan",
        Kind.AFFAIR,
        _("Urusan pemerintahan utama, salah satu dari daftar di lembar Referensi."),
        aliases=("urusan pemerintahan", "urusan utama", "bidang urusan"),
        width=30,
    ),
    Column(
        "other_affairs",
        "Urusan lain",
        Kind.AFFAIRS,
        _(
            "Urusan lain yang beririsan (boleh kosong). Tulis nama urusan dari lembar Referensi, dipisahkan koma atau titik koma."
        ),
        aliases=("urusan lain yang beririsan",),
        width=30,
    ),
    Column(
        "trial_started_on",
        "Waktu uji coba",
        Kind.DATE,
        _(
            "Tanggal mulai uji coba. Wajib untuk tahapan Uji coba. Isi tanggal Excel, atau teks seperti 2 Februari 2021, Februari 2021, 2021 atau dd/mm/yyyy; tanggal disimpan setepat yang ditulis."
        ),
        aliases=(
            "waktu uji coba inovasi",
            "waktu uji coba inovasi daerah",
            "tanggal uji coba",
            "mulai uji coba",
        ),
        width=15,
    ),
    Column(
        "implemented_on",
        "Waktu penerapan",
        Kind.DATE,
        _(
            "Tanggal mulai penerapan, tidak boleh sebelum waktu uji coba. Wajib untuk tahapan Penerapan."
        ),
        aliases=(
            "waktu penerapan inovasi",
            "waktu penerapan inovasi daerah",
            "tanggal penerapan",
            "mulai diterapkan",
            "tahun penerapan",
            "waktu implementasi",
        ),
        width=15,
    ),
    Column(
        "developed_on",
        "Waktu pengembangan",
        Kind.DATE,
        _("Tanggal pengembangan terbaru, tidak boleh sebelum waktu penerapan (boleh kosong)."),
        aliases=("waktu pengembangan terbaru",),
        width=15,
    ),
    Column(
        "design",
        "Rancang bangun",
        Kind.LONG_TEXT,
        _(
            "Dasar hukum, permasalahan, isu strategis, metode pembaharuan, keunggulan/kebaharuan dan cara kerja inovasi; sekurangnya 300 kata agar inovasi dapat diajukan."
        ),
        aliases=("rancang bangun inovasi",),
        width=50,
    ),
    Column(
        "goals",
        "Tujuan",
        Kind.LONG_TEXT,
        _("Tujuan inovasi."),
        aliases=("tujuan inovasi", "tujuan inovasi daerah"),
        width=40,
    ),
    Column(
        "benefits",
        "Manfaat",
        Kind.LONG_TEXT,
        _("Manfaat yang diperoleh."),
        aliases=("manfaat yang diperoleh",),
        width=40,
    ),
    Column(
        "results",
        "Hasil",
        Kind.LONG_TEXT,
        _("Hasil inovasi."),
        aliases=("hasil inovasi",),
        width=40,
    ),
    Column(
        "budget_amount",
        "Anggaran",
        Kind.MONEY,
        _(
            "Anggaran dalam rupiah, bilangan bulat tanpa desimal, misalnya 150000000 atau 150.000.000 (boleh kosong)."
        ),
        aliases=("anggaran (rp)", "anggaran inovasi"),
        width=18,
    ),
    Column(
        "video_url",
        "Tautan video",
        Kind.URL,
        _("Tautan video inovasi, diawali http:// atau https:// (boleh kosong)."),
        aliases=("link video", "video"),
        width=30,
    ),
    Column(
        "latitude",
        "Lintang",
        Kind.COORDINATE,
        _(
            "Lintang lokasi inovasi dalam derajat desimal (-90 sampai 90), misalnya -3.4417. Isi bersama bujur."
        ),
        width=12,
    ),
    Column(
        "longitude",
        "Bujur",
        Kind.COORDINATE,
        _(
            "Bujur lokasi inovasi dalam derajat desimal (-180 sampai 180), misalnya 114.8305. Isi bersama lintang."
        ),
        width=12,
    ),
    Column(
        "ip_registration",
        "HKI",
        Kind.TEXT,
        _("Nomor pencatatan atau pendaftaran hak kekayaan intelektual, bila ada."),
        aliases=("pencatatan hki", "haki"),
        width=18,
    ),
)

COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
COORDINATE_RANGE = {"latitude": Decimal(90), "longitude": Decimal(180)}


def normalise(text: object) -> str:
    """Lower case with single spaces: how titles and labels are compared."""
    return " ".join(str(text).split()).casefold()


def choice_labels(choices: type[TextChoices]) -> list[str]:
    """The Indonesian labels of `choices`, in order."""
    with translation.override("id"):
        return [str(label) for label in choices.labels]


def choice_label(choices: type[TextChoices], value: str) -> str:
    with translation.override("id"):
        return str(choices(value).label) if value in choices.values else value


def affair_names(codes: list[str], affairs: dict[str, GovernmentAffair]) -> str:
    return ", ".join(affairs[code].name if code in affairs else code for code in codes)


def cell_value(
    column: Column, value: Any, affairs: dict[str, Any], precision: str = DatePrecision.DAY
) -> Any:
    """A profile value as the sheet writes it (the export, the preview's old → new): labels for
    choices, "Belum ditentukan" for an unknown one, names for OPD and urusan, a date as it was
    written (an Excel date for a day; "Februari 2021" or "2021" as text)."""
    if column.kind == Kind.OPD:
        return getattr(value, "name", value)
    if column.kind == Kind.CHOICE:
        return choice_label(column.choices, value) if value else UNKNOWN
    if column.kind == Kind.DIGITAL:
        return UNKNOWN if value is None else (DIGITAL if value else NON_DIGITAL)
    if column.kind == Kind.AFFAIR:
        if not value:
            return UNKNOWN
        return affairs[value].name if value in affairs else value
    if column.kind == Kind.AFFAIRS:
        return affair_names(value or [], affairs)
    if column.kind == Kind.MONEY and value is not None:
        return int(value)
    if column.kind == Kind.DATE and value is not None and precision != DatePrecision.DAY:
        return format_partial(value, precision)
    return value


def precision_of(column: Column, source: Any) -> str:
    """The precision stored next to a date column, from an innovation or a dict."""
    key = f"{column.key}_precision"
    found = source.get(key) if isinstance(source, dict) else getattr(source, key, None)
    return found or DatePrecision.DAY


def profile_values(innovation: Innovation, affairs: dict[str, GovernmentAffair]) -> dict[str, Any]:
    """The innovation's profile as spreadsheet cell values, by field."""
    return {
        column.key: cell_value(
            column, getattr(innovation, column.key), affairs, precision_of(column, innovation)
        )
        for column in COLUMNS
    }
