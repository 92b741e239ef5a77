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
