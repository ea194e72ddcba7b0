"""Every string the UI can show has a Swedish translation.

Runs Django's makemessages (GNU xgettext) over a copy of the source tree and checks that
each message it finds is translated in one of the project's Swedish catalogues.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def _catalogues(root):
    return [
        polib.pofile(str(path))
        for path in root.glob("**/locale/sv/LC_MESSAGES/django.po")
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


def test_every_message_has_a_swedish_translation(tmp_path):
    assert shutil.which("xgettext"), "GNU gettext (xgettext) is needed: apt-get install gettext"
    for name in _source_files():
        target = tmp_path / name
        if (ROOT / name).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    translated = {_key(e) for po in _catalogues(ROOT) for e in po.translated_entries()}
    fuzzy = [e.msgid for po in _catalogues(ROOT) for e in po.fuzzy_entries()]
    missing = sorted(
        f"{entry.occurrences[0][0] if entry.occurrences else '?'}: {entry.msgid!r}"
        for po in _catalogues(tmp_path)
        for entry in po
        if _key(entry) not in translated and not entry.obsolete
    )
    assert not fuzzy, f"fuzzy translations: {fuzzy}"
    assert not missing, "untranslated:\n" + "\n".join(missing)
