"""Forms written by the project's renderer read exactly as Django's templates write them: the
same inputs, labels and error lists, character for character, whatever their values."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.forms.utils import ErrorList
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from core.rendering import ERROR_LISTS, OPTION, WRITERS, QuickFormRenderer
from tests.factories import MemberFactory, PublicationFactory, make_editor

DJANGO = DjangoTemplates()
QUICK = QuickFormRenderer()

INPUTS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.HiddenInput,
    forms.CheckboxInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
    lambda attrs: forms.PasswordInput(attrs, render_value=True),
]

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
# Values as forms hold them: text (with markup), numbers, flags, dates, marked safe, lazy.
values = st.one_of(
    st.none(),
    texts,
    st.sampled_from(["<b>\"&'", "", " ", "0"]),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.builds(mark_safe, texts),
    st.just(gettext_lazy("Search")),
    st.tuples(st.integers(), texts),
)
attributes = st.dictionaries(
    st.one_of(texts.filter(bool), st.sampled_from(["class", "required", "aria-label", "id"])),
    st.one_of(st.booleans(), texts, st.integers(), st.builds(mark_safe, texts)),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(INPUTS), name=texts, value=values, attrs=attributes)
def test_an_input_is_written_as_djangos_template_writes_it(kind, name, value, attrs):
    widget = kind(attrs)

    assert widget.render(name, value, renderer=QUICK) == widget.render(name, value, renderer=DJANGO)


labels = st.one_of(
    texts,
    st.builds(mark_safe, texts),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just(gettext_lazy("Search")),
)
choice_values = st.one_of(texts, st.integers(), st.none())
plain_choices = st.lists(st.tuples(choice_values, labels), max_size=5)
choices = st.lists(
    st.one_of(st.tuples(choice_values, labels), st.tuples(texts.filter(bool), plain_choices)),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from([forms.Select, forms.SelectMultiple]),
    name=texts,
    value=st.one_of(choice_values, st.lists(choice_values, max_size=3)),
    attrs=attributes,
    options=choices,
)
def test_a_drop_down_is_written_as_djangos_template_writes_it(kind, name, value, attrs, options):
    widget = kind(attrs, choices=options)

    assert widget.render(name, value, renderer=QUICK) == widget.render(name, value, renderer=DJANGO)


@pytest.mark.parametrize("value", [None, True, False, "2", "unknown"])
def test_a_yes_no_drop_down_is_written_as_djangos_template_writes_it(value):
    widget = forms.NullBooleanSelect({"class": "filter"})

    assert widget.render("x", value, renderer=QUICK) == widget.render("x", value, renderer=DJANGO)


@settings(max_examples=200, deadline=None)
@given(name=texts, value=values, attrs=attributes)
def test_a_text_area_is_written_as_djangos_template_writes_it(name, value, attrs):
    widget = forms.Textarea(attrs)

    assert widget.render(name, value, renderer=QUICK) == widget.render(name, value, renderer=DJANGO)


@settings(max_examples=200, deadline=None)
@given(label=st.one_of(texts, st.builds(mark_safe, texts)), attrs=attributes, has_id=st.booleans())
def test_a_label_is_written_as_djangos_template_writes_it(label, attrs, has_id):
    class Form(forms.Form):
        field = forms.CharField(label=label)

    def written(renderer):
        form = Form(auto_id="id_%s" if has_id else False, renderer=renderer)
        return form["field"].label_tag(attrs=attrs or None)

    assert written(QUICK) == written(DJANGO)


@pytest.mark.parametrize("errors", [[], ["Ce champ est obligatoire."], ["<b>bad</b>", "two"]])
def test_an_error_list_is_written_as_djangos_template_writes_it(errors):
    assert ErrorList(errors, renderer=QUICK).as_ul() == ErrorList(errors, renderer=DJANGO).as_ul()
    assert str(ErrorList(errors, renderer=QUICK)) == str(ErrorList(errors, renderer=DJANGO))


def test_the_site_renders_its_forms_with_it():
    assert isinstance(get_default_renderer(), QuickFormRenderer)
    # Every template it writes is still Django's own here (none overridden).
    assert QUICK.written_here == {*WRITERS, OPTION, *ERROR_LISTS}


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["publication", "member"])
def test_an_admin_form_reads_the_same_with_djangos_renderer(client, settings, page):
    member = MemberFactory(given_name="Ada", family_name="Love & <lace>")
    paper = PublicationFactory(title="Notes & <queries>", year=1843, authors=[member])
    client.force_login(make_editor())
    url = {
        "publication": reverse("admin:publications_publication_change", args=[paper.pk]),
        "member": reverse("admin:members_member_change", args=[member.pk]),
    }[page]

    def page_with(renderer):
        settings.FORM_RENDERER = renderer
        get_default_renderer.cache_clear()
        try:
            html = client.get(url).content.decode()
        finally:
            get_default_renderer.cache_clear()
        # Each response has its own CSRF token.
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    quick = page_with("core.rendering.QuickFormRenderer")
    django = page_with("django.forms.renderers.DjangoTemplates")

    written = {
        "publication": "Notes &amp; &lt;queries&gt;",
        "member": "Love &amp; &lt;lace&gt;",
    }[page]
    assert f'value="{written}"' in quick
    assert quick == django
