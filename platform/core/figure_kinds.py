"""The kinds of index figure the platform shows, named and explained in one place.

A region has up to three index figures for a year, and they differ (issue #17: one region read
18,40 in the catalog, 20,35 on its dashboard and 16,81 as official, told apart only in small
print). Every page that shows one labels it with `{% figure_kind %}` (core.templatetags.figures),
so a kind has the same name and the same explanation on every page:

- the *estimate* (IndexSnapshot.index, the dashboard): the region's own data, unverified work
  included; private to the region and those who oversee it;
- the *verified* figure (IndexSnapshot.verified_index, public rankings and the catalog): the same
  computation over verified innovation reports only;
- the *official* result (OfficialResult): what the national assessment published, imported."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ESTIMATE = "estimate"
VERIFIED = "verified"
OFFICIAL = "official"


@dataclass(frozen=True)
class FigureKind:
    code: str
    label: Promise
    explanation: Promise


FIGURE_KINDS: dict[str, FigureKind] = {
    kind.code: kind
    for kind in (
        FigureKind(
            ESTIMATE,
            _("Perkiraan"),
            _(
                "Dihitung dari jawaban dan bukti dukung di ruang kerja daerah, termasuk inovasi "
                "yang belum diverifikasi; jawaban baru diberi skor setelah bukti dukungnya "
                "diterima verifikator. Tidak ditampilkan untuk publik; bukan hasil resmi."
            ),
        ),
        FigureKind(
            VERIFIED,
            _("Terverifikasi"),
            _(
                "Dihitung hanya dari laporan inovasi yang sudah diverifikasi verifikator "
                "daerahnya, dengan jawaban yang bukti dukungnya sudah diterima. Angka inilah yang "
                "tampil untuk publik di peringkat dan katalog; bukan hasil resmi."
            ),
        ),
        FigureKind(
            OFFICIAL,
            _("Resmi"),
            _(
                "Diumumkan Kemendagri (BSKDN) dalam penilaian Indeks Inovasi Daerah, disimpan "
                "persis seperti diterbitkan."
            ),
        ),
    )
}


def estimate_kind(private: bool) -> str:
    """Which estimate a viewer sees: the full one if they may see unverified work, else the
    verified one (rankings.selectors.Audience decides who may)."""
    return ESTIMATE if private else VERIFIED
