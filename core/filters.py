"""The base of the public lists' filters, fed by query strings that visitors share, edit and
sometimes mangle: unusable values are dropped, never a 500."""

import html
import re
import unicodedata
from functools import lru_cache

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django_filters.fields import ModelMultipleChoiceField

# Longer values are cut: nobody types a 200-character name, and a 5,000-character one costs.
MAX_VALUE_LENGTH = 200
MAX_VALUES_PER_PARAMETER = 20
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def without_control_characters(text: str) -> str:
    """`text` with NUL bytes and other control characters turned into spaces (PostgreSQL
    refuses NUL in strings), cut to MAX_VALUE_LENGTH."""
    kept = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return kept[:MAX_VALUE_LENGTH]


def tidy_query(data) -> QueryDict:
    """A copy of a query string with every value made safe to filter and to link back to."""
    tidy = QueryDict(mutable=True)
    for key, values in data.lists():
        tidy.setlist(
            without_control_characters(key)[:40],
            [without_control_characters(value) for value in values[:MAX_VALUES_PER_PARAMETER]],
        )
    return tidy


class QuickSelect(forms.Select):
    """A drop-down rendered in Python: Django's template per option made the 500 research
    topics the slowest part of a page (docs/performance.md). The options of a list of choices
    are written once and kept (`options_html`); a page marks its chosen ones in that text."""

    # Kept as given (a tuple of pairs): Django's setter normalises every choice on each page.
    choices = ()

    def render(self, name, value, attrs=None, renderer=None):
        options = options_html(tuple((str(key), str(label)) for key, label in self.choices))
        for chosen in {str(v) for v in self.format_value(value)}:
            mark = f'<option value="{html.escape(chosen)}">'
            options = options.replace(mark, f"{mark[:-1]} selected>", 1)
        attributes = flatatt({"name": name, **self.build_attrs(self.attrs, attrs)})
        return mark_safe(f"<select{attributes}>{options}</select>")  # every part escaped


@lru_cache(maxsize=32)
def options_html(choices: tuple) -> str:
    """The <option>s of `choices` ((value, label) pairs), escaped, none selected."""
    return "".join(
        f'<option value="{html.escape(str(key))}">{html.escape(str(label))}</option>'
        for key, label in choices
    )


class VisitorFilterSet(django_filters.FilterSet):
    """A FilterSet that takes any query string: unusable values are ignored, never a 500."""

    # Fields whose choices are too many to list (100,000 members); the subclass offers a few.
    unlisted_choices: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else tidy_query(data), *args, **kwargs)
        # Drop-down choices are read now, so that rendering the form runs no query.
        for name, field in self.form.fields.items():
            if isinstance(field.widget, forms.Select) and name not in self.unlisted_choices:
                field.widget = QuickSelect(attrs=field.widget.attrs)
                field.widget.choices = self.choices_of(name, field)

    def choices_of(self, name, field):
        """A drop-down's (value, label) pairs; subclasses read long lists more cheaply."""
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            return list(iter(field.choices))  # iter: no COUNT query
        # A model's rows read at once: iterating the field's choices opens a server-side
        # cursor on PostgreSQL, three round trips for a handful of rows.
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        return empty + [
            (field.prepare_value(row), field.label_from_instance(row)) for row in queryset
        ]

    def chosen(self, name):
        """The valid value of filter `name`, or None when it was absent or ignored."""
        self.form.is_valid()
        return self.form.cleaned_data.get(name)


class KnownSlugsField(ModelMultipleChoiceField):
    """Slugs from a shared link: those that no longer exist (a renamed topic, a typo) are
    dropped instead of making the whole choice invalid."""

    def _check_values(self, value):
        slugs = {slug for slug in value if isinstance(slug, str) and _SLUG.match(slug)}
        return list(self.queryset.filter(**{f"{self.to_field_name}__in": slugs}))


class AllOfSlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Choices named by slug in a shared link; unknown ones are dropped."""

    field_class = KnownSlugsField
