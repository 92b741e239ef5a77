"""Addresses spliced from one reverse() per page name and language are reverse()'s own."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from core.urls import reverse_slug


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", ["members:profile", "members:topic", "publications:bibtex"])
def test_the_address_is_the_one_reverse_gives(name, language):
    with translation.override(language):
        for slug in ["ada-lovelace", "x", "etude_2024"]:
            assert reverse_slug(name, slug) == reverse(name, kwargs={"slug": slug})


def test_the_address_follows_the_script_prefix():
    try:
        set_script_prefix("/annuaire/")
        assert reverse_slug("members:profile", "ada") == "/annuaire/fr/membres/ada/"
    finally:
        set_script_prefix("/")
    assert reverse_slug("members:profile", "ada") == "/fr/membres/ada/"


@pytest.mark.parametrize("slug", ["", "a/b", "é"])
def test_what_the_page_refuses_is_refused(slug):
    with pytest.raises(NoReverseMatch):
        reverse_slug("members:profile", slug)
