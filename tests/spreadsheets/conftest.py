import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Evidence files of these tests live in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
