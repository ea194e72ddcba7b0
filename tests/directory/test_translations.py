"""The directory's Swedish catalogue is complete."""

from pathlib import Path

import polib
from django.utils import translation
from django.utils.translation import gettext

import directory

CATALOGUE = Path(directory.__file__).parent / "locale/sv/LC_MESSAGES/django.po"


def test_every_message_is_translated():
    po = polib.pofile(str(CATALOGUE))
    assert len(po) > 100  # the directory's own code (its templates are in locale/)
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()


def test_swedish_is_used():
    with translation.override("sv"):
        assert gettext("Open now – closes %(time)s") == "Öppet nu – stänger %(time)s"
        assert gettext("Use my location") == "Använd min plats"
