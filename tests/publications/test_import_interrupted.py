"""An import the database drops in the middle: staff are told nothing was saved, in the admin
and on the command line alike, and may try again."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.urls import reverse

from publications.importing.run import ImportRun
from publications.models import Publication
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent.parent / "samples" / "accents-and-duplicates.bib"
IMPORT = reverse("admin:publications_publication_import")
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


def upload():
    return {"file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes()), "approve": "on"}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_confirming_an_import_the_database_drops_shows_the_form_again(
    client, editor, database_goes_away
):
    client.force_login(editor)
    preview = client.post(IMPORT, upload(), headers={"accept-language": "en"})
    database_goes_away()

    response = client.post(
        IMPORT, {"token": preview.context["token"]}, headers={"accept-language": "en"}
    )

    assert response.status_code == 200
    assert "form" in response.context and "report" not in response.context
    assert messages_of(response) == [NOTHING_SAVED]
    assert NOTHING_SAVED in response.text
    assert not Publication.objects.exists()


def test_a_preview_the_database_drops_shows_the_form_again(client, editor, database_goes_away):
    client.force_login(editor)
    database_goes_away()

    response = client.post(IMPORT, upload(), headers={"accept-language": "en"})

    assert response.status_code == 200
    assert "form" in response.context and "token" not in response.context
    assert messages_of(response) == [NOTHING_SAVED]
    assert not client.session.get("publication_imports")  # No upload left waiting.


@pytest.mark.django_db(transaction=True)
def test_the_form_is_drawn_on_a_new_connection_when_the_old_one_is_lost(client, monkeypatch):
    """Outside the test's transaction, as in production: the connection the import lost is
    closed, so that the page is drawn on a new one instead of failing in turn."""
    # A transactional test may follow others that emptied the migrations' editors group.
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    lost = {"connection": False}

    def store(self, entry):
        # What a real loss leaves behind: a connection Django flagged and that no longer works.
        lost["connection"] = connection.errors_occurred = True
        raise OperationalError("server closed the connection unexpectedly")

    def close():
        lost["connection"] = False
        real_close()

    real_close = connection.close
    monkeypatch.setattr(ImportRun, "_store", store)
    monkeypatch.setattr(connection, "is_usable", lambda: not lost["connection"])
    monkeypatch.setattr(connection, "close", close)

    response = client.post(IMPORT, upload(), headers={"accept-language": "en"})

    assert not lost["connection"]
    assert response.status_code == 200
    assert messages_of(response) == [NOTHING_SAVED]


def test_the_admin_says_it_in_french_too(client, editor, database_goes_away):
    client.force_login(editor)
    database_goes_away()

    response = client.post(IMPORT, upload(), headers={"accept-language": "fr"})

    assert messages_of(response) == [
        "L’import s’est arrêté à l’entrée 1 : la base de données est injoignable. Rien n’a été "
        "enregistré ; importez de nouveau le fichier une fois la base de données revenue."
    ]


def test_the_command_words_it_the_same_way(database_goes_away):
    database_goes_away()

    with pytest.raises(CommandError) as raised:
        call_command("import_publications", str(SAMPLE))

    assert str(raised.value) == NOTHING_SAVED
    assert not Publication.objects.exists()
