"""The usual perangkat daerah of a pemda (PP 18/2016), offered as a starting list that the region
admin then edits. Data, not logic: names differ slightly between provinsi and kabupaten/kota."""

from __future__ import annotations

from tenants.organization.models import OpdKind

# (name, short name, kind); "{level}" becomes "Daerah" or "Provinsi".
STANDARD_UNITS: tuple[tuple[str, str, str], ...] = (
    ("Sekretariat Daerah", "Setda", OpdKind.SEKRETARIAT),
    ("Sekretariat DPRD", "Setwan", OpdKind.SEKRETARIAT),
    ("Inspektorat", "Inspektorat", OpdKind.INSPEKTORAT),
    ("Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "Bappeda", OpdKind.BADAN),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", OpdKind.BADAN),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", OpdKind.BADAN),
    ("Badan Pendapatan Daerah", "Bapenda", OpdKind.BADAN),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", OpdKind.BADAN),
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", OpdKind.BADAN),
    ("Dinas Pendidikan", "Disdik", OpdKind.DINAS),
    ("Dinas Kesehatan", "Dinkes", OpdKind.DINAS),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", OpdKind.DINAS),
    ("Dinas Perumahan Rakyat dan Kawasan Permukiman", "Perkim", OpdKind.DINAS),
    ("Satuan Polisi Pamong Praja", "Satpol PP", OpdKind.DINAS),
    ("Dinas Sosial", "Dinsos", OpdKind.DINAS),
    ("Dinas Tenaga Kerja", "Disnaker", OpdKind.DINAS),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", OpdKind.DINAS),
    ("Dinas Ketahanan Pangan", "DKP", OpdKind.DINAS),
    ("Dinas Lingkungan Hidup", "DLH", OpdKind.DINAS),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", OpdKind.DINAS),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", OpdKind.DINAS),
    ("Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", OpdKind.DINAS),
    ("Dinas Perhubungan", "Dishub", OpdKind.DINAS),
    ("Dinas Komunikasi dan Informatika", "Diskominfo", OpdKind.DINAS),
    ("Dinas Koperasi dan Usaha Kecil Menengah", "Diskop UKM", OpdKind.DINAS),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", OpdKind.DINAS),
    ("Dinas Kepemudaan dan Olahraga", "Dispora", OpdKind.DINAS),
    ("Dinas Kebudayaan dan Pariwisata", "Disbudpar", OpdKind.DINAS),
    ("Dinas Perpustakaan dan Kearsipan", "Dispusip", OpdKind.DINAS),
    ("Dinas Pertanian", "Distan", OpdKind.DINAS),
    ("Dinas Perikanan", "Diskan", OpdKind.DINAS),
    ("Dinas Perdagangan dan Perindustrian", "Disperindag", OpdKind.DINAS),
    ("Rumah Sakit Umum Daerah", "RSUD", OpdKind.RSUD),
)
