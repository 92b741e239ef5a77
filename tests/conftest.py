import pytest
from django.http import QueryDict
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
    from directory.caching import forget_pages

    forget_pages()
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


class ReadRecordingQueryDict(QueryDict):
    """A request's query parameters, noting each one the code asks for by name."""

    def __init__(self, *args, **kwargs):
        self.read = set()
        super().__init__(*args, **kwargs)
        self.read.clear()  # filling the dictionary asked for each name

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)


def undeclared_reads(request) -> set[str]:
    """The query parameters a cached page read without declaring them: with one of them in
    the address, the page cache would answer with the page of another value."""
    from directory.caching import EVERY_PARAMETER, UNCACHED_PATH_PREFIXES, page_parameters

    if request.path.startswith(UNCACHED_PATH_PREFIXES):
        return set()
    declared = page_parameters(request.path_info)
    if declared is None or declared is EVERY_PARAMETER:
        return set()
    return request.GET.read - declared


@pytest.fixture(autouse=True)
def pages_read_only_the_parameters_they_declare(monkeypatch):
    """Every request any test makes checks that its page reads no query parameter beyond
    what its view declares (`directory.caching.reads_parameters`)."""
    from django.core.handlers.base import BaseHandler

    get_response = BaseHandler.get_response

    def checked(handler, request):
        request.GET = ReadRecordingQueryDict(request.META.get("QUERY_STRING", ""))
        response = get_response(handler, request)
        undeclared = undeclared_reads(request)
        assert not undeclared, f"{request.path} reads undeclared parameters {undeclared}"
        return response

    monkeypatch.setattr(BaseHandler, "get_response", checked)
