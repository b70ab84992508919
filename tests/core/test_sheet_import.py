"""One wording for an import's row error, wherever it is written as text (the API's 400 and the
import_official_results command both use core.sheet_import.row_error_text)."""

from __future__ import annotations

from core.sheet_import import RowError, row_error_text


def test_a_row_error_names_only_the_places_it_has():
    assert row_error_text(RowError(4, "Tanggal", "Bukan tanggal.")) == (
        "Baris 4, kolom Tanggal: Bukan tanggal."
    )
    assert row_error_text(RowError(4, "", "Baris kosong.")) == "Baris 4: Baris kosong."
    # A column-wide problem (e.g. a year out of range) keeps its column even without a row.
    assert row_error_text(RowError(None, "tahun", "Di luar rentang.")) == (
        "Kolom tahun: Di luar rentang."
    )
    # A problem with the whole file is just its message, no "Baris —, kolom —".
    assert row_error_text(RowError(None, "", "Berkas kosong.")) == "Berkas kosong."
