"""An import the database drops in the middle: the command says nothing was saved, in the words
the admin's import page uses (tested in test_admin_import)."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from publications.importing.run import ImportRun
from publications.models import Publication

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent.parent / "samples" / "accents-and-duplicates.bib"
NOTHING_SAVED = (
    "The import stopped at entry 1: the database cannot be reached. Nothing was saved; "
    "import the file again once the database is back."
)


@pytest.fixture
def database_goes_away(monkeypatch):
    """From now on, storing an entry finds the connection lost."""

    def lost(self, entry):
        raise OperationalError("server closed the connection unexpectedly")

    return lambda: monkeypatch.setattr(ImportRun, "_store", lost)


def test_the_command_words_it_the_same_way(database_goes_away):
    database_goes_away()

    with pytest.raises(CommandError) as raised:
        call_command("import_publications", str(SAMPLE))

    assert str(raised.value) == NOTHING_SAVED
    assert not Publication.objects.exists()
