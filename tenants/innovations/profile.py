"""The innovation profile's fields, in the national form's order: the one list that the form, the
service, the API serializers, the spreadsheet columns and the innovation page read. Adding a
profile field is one entry here (plus the model field and its migration).

Each field says what kind of value it holds (how it is parsed, checked and shown), whether lists
show it, and, for the fields a spreadsheet carries, its column: the title, help, accepted other
titles (aliases) and width. Column titles are a data format, not interface text: they are always
Bahasa Indonesia, the language of the national application (tenants.spreadsheets.columns)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tenants.innovations.models import Form, Initiator, Stage


class Kind(enum.StrEnum):
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
    FILE = "file"  # a PDF, uploaded through the form or the API, never through a spreadsheet


@dataclass(frozen=True)
class Sheet:
    """The field's column in the innovation spreadsheet."""

    title: str
    help: str | Promise
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 20


@dataclass(frozen=True)
class ProfileField:
    name: str  # the Innovation model field
    kind: Kind
    choices: type[TextChoices] | None = None
    listed: bool = False  # shown in lists of innovations (the page's and the API's)
    sheet: Sheet | None = field(default=None, compare=False)


PROFILE: tuple[ProfileField, ...] = (
    ProfileField(
        "name",
        Kind.TEXT,
        listed=True,
        sheet=Sheet(
            "Nama inovasi",
            help=_(
                "Nama inovasi, tanpa singkatan yang tidak lazim. Satu OPD tidak boleh memiliki dua inovasi dengan nama yang sama; impor ulang mencocokkan baris dengan inovasi yang ada melalui OPD dan nama ini."
            ),
            required=True,
            aliases=("nama", "judul inovasi", "nama inovasi daerah"),
            width=36,
        ),
    ),
    ProfileField(
        "opd",
        Kind.OPD,
        listed=True,
        sheet=Sheet(
            "OPD",
            help=_(
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
    ),
    ProfileField(
        "stage",
        Kind.CHOICE,
        choices=Stage,
        listed=True,
        sheet=Sheet(
            "Tahapan",
            help=_(
                "Tahapan inovasi: Inisiatif, Uji coba atau Penerapan. Boleh kosong atau Belum ditentukan untuk draf; wajib sebelum diajukan."
            ),
            aliases=("tahapan inovasi", "tahapan inovasi daerah", "tahap"),
            width=14,
        ),
    ),
    ProfileField(
        "initiator",
        Kind.CHOICE,
        choices=Initiator,
        sheet=Sheet(
            "Inisiator",
            help=_(
                "Siapa yang menggagas inovasi: Kepala Daerah, Anggota DPRD, OPD, ASN atau Masyarakat."
            ),
            aliases=("inisiator inovasi", "inisiator inovasi daerah", "penggagas"),
            width=16,
        ),
    ),
    ProfileField(
        "initiator_name",
        Kind.TEXT,
        sheet=Sheet(
            "Nama inisiator", help=_("Nama orang atau lembaga penggagas (boleh kosong)."), width=24
        ),
    ),
    ProfileField(
        "is_digital",
        Kind.DIGITAL,
        listed=True,
        sheet=Sheet(
            "Jenis",
            help=_("Digital atau Non digital."),
            aliases=("jenis inovasi", "digital/non digital"),
            width=13,
        ),
    ),
    ProfileField(
        "form",
        Kind.CHOICE,
        choices=Form,
        listed=True,
        sheet=Sheet(
            "Bentuk",
            help=_(
                "Bentuk inovasi menurut PP 38/2017: tata kelola pemerintahan daerah, pelayanan publik, atau inovasi daerah lainnya sesuai urusan pemerintahan."
            ),
            aliases=("bentuk inovasi", "bentuk inovasi daerah"),
            width=30,
        ),
    ),
    ProfileField(
        "affair",
        Kind.AFFAIR,
        listed=True,
        sheet=Sheet(
            "Urusan",
            help=_("Urusan pemerintahan utama, salah satu dari daftar di lembar Referensi."),
            aliases=("urusan pemerintahan", "urusan utama", "bidang urusan"),
            width=30,
        ),
    ),
    ProfileField(
        "other_affairs",
        Kind.AFFAIRS,
        sheet=Sheet(
            "Urusan lain",
            help=_(
                "Urusan lain yang beririsan (boleh kosong). Tulis nama urusan dari lembar Referensi, dipisahkan koma atau titik koma."
            ),
            aliases=("urusan lain yang beririsan",),
            width=30,
        ),
    ),
    ProfileField(
        "trial_started_on",
        Kind.DATE,
        sheet=Sheet(
            "Waktu uji coba",
            help=_(
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
    ),
    ProfileField(
        "implemented_on",
        Kind.DATE,
        sheet=Sheet(
            "Waktu penerapan",
            help=_(
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
    ),
    ProfileField(
        "developed_on",
        Kind.DATE,
        sheet=Sheet(
            "Waktu pengembangan",
            help=_(
                "Tanggal pengembangan terbaru, tidak boleh sebelum waktu penerapan (boleh kosong)."
            ),
            aliases=("waktu pengembangan terbaru",),
            width=15,
        ),
    ),
    ProfileField(
        "design",
        Kind.LONG_TEXT,
        sheet=Sheet(
            "Rancang bangun",
            help=_(
                "Dasar hukum, permasalahan, isu strategis, metode pembaharuan, keunggulan/kebaharuan dan cara kerja inovasi; sekurangnya 300 kata agar inovasi dapat diajukan."
            ),
            aliases=("rancang bangun inovasi",),
            width=50,
        ),
    ),
    ProfileField(
        "goals",
        Kind.LONG_TEXT,
        sheet=Sheet(
            "Tujuan",
            help=_("Tujuan inovasi."),
            aliases=("tujuan inovasi", "tujuan inovasi daerah"),
            width=40,
        ),
    ),
    ProfileField(
        "benefits",
        Kind.LONG_TEXT,
        sheet=Sheet(
            "Manfaat",
            help=_("Manfaat yang diperoleh."),
            aliases=("manfaat yang diperoleh",),
            width=40,
        ),
    ),
    ProfileField(
        "results",
        Kind.LONG_TEXT,
        sheet=Sheet("Hasil", help=_("Hasil inovasi."), aliases=("hasil inovasi",), width=40),
    ),
    ProfileField(
        "budget_amount",
        Kind.MONEY,
        sheet=Sheet(
            "Anggaran",
            help=_(
                "Anggaran dalam rupiah, bilangan bulat tanpa desimal, misalnya 150000000 atau 150.000.000 (boleh kosong)."
            ),
            aliases=("anggaran (rp)", "anggaran inovasi"),
            width=18,
        ),
    ),
    ProfileField("budget_document", Kind.FILE),
    ProfileField("business_profile", Kind.FILE),
    ProfileField(
        "video_url",
        Kind.URL,
        sheet=Sheet(
            "Tautan video",
            help=_("Tautan video inovasi, diawali http:// atau https:// (boleh kosong)."),
            aliases=("link video", "video"),
            width=30,
        ),
    ),
    ProfileField(
        "latitude",
        Kind.COORDINATE,
        sheet=Sheet(
            "Lintang",
            help=_(
                "Lintang lokasi inovasi dalam derajat desimal (-90 sampai 90), misalnya -3.4417. Isi bersama bujur."
            ),
            width=12,
        ),
    ),
    ProfileField(
        "longitude",
        Kind.COORDINATE,
        sheet=Sheet(
            "Bujur",
            help=_(
                "Bujur lokasi inovasi dalam derajat desimal (-180 sampai 180), misalnya 114.8305. Isi bersama lintang."
            ),
            width=12,
        ),
    ),
    ProfileField(
        "ip_registration",
        Kind.TEXT,
        sheet=Sheet(
            "HKI",
            help=_("Nomor pencatatan atau pendaftaran hak kekayaan intelektual, bila ada."),
            aliases=("pencatatan hki", "haki"),
            width=18,
        ),
    ),
)

PROFILE_BY_NAME = {item.name: item for item in PROFILE}
PROFILE_FIELDS = tuple(item.name for item in PROFILE)
LISTED_FIELDS = tuple(item.name for item in PROFILE if item.listed)
FILE_FIELDS = tuple(item.name for item in PROFILE if item.kind == Kind.FILE)
DATE_FIELDS = tuple(item.name for item in PROFILE if item.kind == Kind.DATE)
LONG_TEXT_FIELDS = tuple(item.name for item in PROFILE if item.kind == Kind.LONG_TEXT)
# How precisely each date was written (core.partial_dates), stored next to it; callers that send
# a date without its precision (the form, the API) mean a day.
PRECISION_FIELDS = tuple(f"{name}_precision" for name in DATE_FIELDS)
STORED_FIELDS = PROFILE_FIELDS + PRECISION_FIELDS
SHEET_FIELDS = tuple(item for item in PROFILE if item.sheet is not None)
