"""The English catalog: complete, compiled from its .po, and actually used by Django.

Bahasa Indonesia is the source language (the msgids); English is the only catalog. None of these
tests touch the database.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
LC_MESSAGES = ROOT / "platform" / "core" / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")


@pytest.fixture(scope="module")
def catalog() -> polib.POFile:
    return polib.pofile(str(PO))


def test_english_is_selectable_and_its_catalog_is_where_django_looks():
    assert settings.LANGUAGE_CODE == "id"
    assert "en" in dict(settings.LANGUAGES)
    assert LC_MESSAGES.parent.parent in [Path(p) for p in settings.LOCALE_PATHS]
    assert PO.is_file() and MO.is_file()
    assert not (LC_MESSAGES.parent.parent / "id").exists(), "Indonesian is the source language"


def test_header_declares_english_and_its_plural_forms(catalog):
    assert catalog.metadata["Language"] == "en"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]
    assert not catalog.metadata_is_fuzzy


def test_every_message_is_translated_and_none_is_fuzzy(catalog):
    assert len(catalog) > 150, "makemessages found the project's strings"
    assert [e.msgid for e in catalog.fuzzy_entries()] == []
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.obsolete_entries()] == []
    plural_forms = [
        e.msgid for e in catalog if e.msgid_plural and sorted(e.msgstr_plural) != [0, 1]
    ]
    assert plural_forms == []


def test_placeholders_survive_translation(catalog):
    wrong = []
    for e in catalog:
        expected = set(PLACEHOLDER.findall(e.msgid))
        if e.msgid_plural:
            expected |= set(PLACEHOLDER.findall(e.msgid_plural))
        for text in e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]:
            if set(PLACEHOLDER.findall(text)) != expected:
                wrong.append((e.msgid, text))
        if expected:
            assert "python-format" in e.flags, e.msgid
    assert wrong == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
def test_compiled_catalog_is_up_to_date_with_the_po(tmp_path):
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        [shutil.which("msgfmt") or "msgfmt", "--check", "--statistics", "-o", str(fresh), str(PO)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    with fresh.open("rb") as new, MO.open("rb") as committed:
        expected = gettext.GNUTranslations(new)._catalog
        actual = gettext.GNUTranslations(committed)._catalog
    assert actual == expected, "django.mo is stale: run `manage.py compilemessages`"


@pytest.mark.parametrize(
    ("indonesian", "english"),
    [
        ("Masuk", "Sign in"),
        ("Keluar", "Sign out"),
        ("Daerah saya", "My regions"),
        ("Anda perlu masuk terlebih dahulu.", "You need to sign in first."),
        ("Halaman tidak ditemukan", "Page not found"),
    ],
)
def test_gettext_translates_to_english_and_keeps_indonesian(indonesian, english):
    with translation.override("en"):
        assert translation.gettext(indonesian) == english
    with translation.override("id"):
        assert translation.gettext(indonesian) == indonesian


def test_formatted_and_plural_messages_in_english():
    with translation.override("en"):
        assert (
            translation.gettext("Undangan untuk %(email)s sudah dikirim lewat e-mail.")
            % {"email": "a@b.id"}
            == "An invitation has been e-mailed to a@b.id."
        )
        one = translation.ngettext("%(counter)s daerah", "%(counter)s daerah", 1)
        many = translation.ngettext("%(counter)s daerah", "%(counter)s daerah", 5)
        assert one % {"counter": 1} == "1 region"
        assert many % {"counter": 5} == "5 regions"
    with translation.override("id"):
        many = translation.ngettext("%(counter)s daerah", "%(counter)s daerah", 5)
        assert many % {"counter": 5} == "5 daerah"


def test_lazy_labels_follow_the_active_language():
    from accounts.models import Role

    with translation.override("en"):
        assert str(Role.REGION_ADMIN.label) == "Region admin"
        assert str(Role.OPD_OPERATOR.label) == "OPD operator"
        assert str(Role.PROVINCE_VIEWER.label) == "Province viewer"
        assert str(Role.LEADER.label) == "Regional leader"
        assert str(Role.VERIFIER.label) == "Verifier"
    with translation.override("id"):
        assert str(Role.REGION_ADMIN.label) == "Admin daerah"


@pytest.mark.django_db
def test_pages_are_indonesian_even_for_english_browsers_until_english_is_chosen():
    from django.test import Client

    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_signed_in_users_preference_applies_without_a_cookie(region_a):
    from django.test import Client

    from accounts.models import Membership, Role
    from tests.conftest import make_user

    user = make_user("english@banjar.test")
    user.preferred_language = "en"
    user.save()
    Membership.objects.create(user=user, region=region_a, role=Role.LEADER)
    client = Client(HTTP_HOST="banjar.localhost")
    client.force_login(user)
    assert 'lang="en"' in client.get("/").content.decode()
