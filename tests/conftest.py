import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def french_by_default():
    """Tests start in the site's default language, whatever ran before them."""
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashers are slow on purpose; tests do not need that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    from tests.factories import make_editor

    return make_editor()


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page: the database rolls back, the cache would not."""
    from django.core.cache import cache

    from directory.caching import LOCAL_PAGES

    cache.clear()
    LOCAL_PAGES.clear()
    yield


@pytest.fixture
def recorded_sources(settings, monkeypatch):
    """A local server answering like DBLP, OpenAlex, ORCID, Crossref and arXiv with recorded
    responses, which the harvest settings point at; no source is rate-limited, and retries
    wait milliseconds, not seconds."""
    from publications.importing import http
    from tests.recorded import RecordedServer

    monkeypatch.setattr(http, "BACKOFF_FACTOR", 0.01)
    with RecordedServer() as server:
        for name, url in server.base_urls().items():
            setattr(settings, name, url)
        settings.HARVEST_RATES = {}
        yield server


@pytest.fixture(autouse=True)
def private_uploads(monkeypatch, tmp_path):
    """Uploads waiting for their import job go to a temporary directory, not the project's.
    (The field took its storage when the model was defined: replaced there.)"""
    from django.core.files.storage import FileSystemStorage

    from publications.runs import ImportJob

    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(ImportJob._meta.get_field("upload"), "storage", storage)
