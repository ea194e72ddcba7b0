"""Every string the UI can show has a translation in each of the site's languages.

Runs Django's makemessages (GNU xgettext) once over a copy of the source tree and checks
that each message it finds is translated in one of the project's catalogues for each
language (English is the source language of the messages), with the same placeholders.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")


def _catalogues(root, language):
    return [
        polib.pofile(str(path))
        for path in root.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
    ]


def _key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def _source_files():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [name for name in listed if not name.startswith(("tests/", "bench/"))]


@pytest.fixture(scope="module")
def messages(tmp_path_factory):
    """The messages the source holds now, as makemessages finds them."""
    assert shutil.which("xgettext"), "GNU gettext (xgettext) is needed: apt-get install gettext"
    copy = tmp_path_factory.mktemp("source")
    for name in _source_files():
        target = copy / name
        if (ROOT / name).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return [entry for po in _catalogues(copy, "sv") for entry in po if not entry.obsolete]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_has_a_translation(messages, language):
    catalogues = _catalogues(ROOT, language)
    translated = {_key(e): e for po in catalogues for e in po.translated_entries()}
    fuzzy = [e.msgid for po in catalogues for e in po.fuzzy_entries()]
    missing = sorted(
        f"{entry.occurrences[0][0] if entry.occurrences else '?'}: {entry.msgid!r}"
        for entry in messages
        if _key(entry) not in translated
    )
    assert not fuzzy, f"fuzzy translations: {fuzzy}"
    assert not missing, f"untranslated into {language}:\n" + "\n".join(missing)
    wrong = [
        f"{entry.msgid!r} → {text!r}"
        for entry in translated.values()
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if text
        and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid))
        and not entry.msgid_plural
    ]
    assert not wrong, f"placeholders differ in {language}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_forms_own_messages_are_translated(language):
    """Django's own form errors (from Django, or from locale-django where Django has no
    catalogue) are in the visitor's language."""
    with translation.override(language):
        required = translation.gettext("This field is required.")
    assert required != "This field is required."
