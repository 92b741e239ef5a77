"""Forms written faster: the few form templates that make most of a form's markup written in
Python, to the character what Django's templates write.

An admin change form renders about 200 small templates, one per input, option, label and
error list (the publication form: 65 inputs, 13 drop-downs of up to 83 languages, 21 labels,
80 empty error lists), each through the template engine: most of the time of the page.
Django renders every form through `FORM_RENDERER`; this one writes those templates' output
directly, and leaves every other template, and any of these that an application overrides,
to Django's templates. Where a value would be read differently by a template (a callable,
which a template calls), the template is rendered as usual.
"""

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData

DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"
WIDGETS = "django/forms/widgets"

# The inputs: `input.html`, and the templates that only include it.
INPUT_KINDS = ("checkbox", "color", "date", "datetime", "email", "hidden", "number")
INPUT_KINDS += ("password", "search", "tel", "text", "time", "url")
INPUTS = (f"{WIDGETS}/input.html", *(f"{WIDGETS}/{kind}.html" for kind in INPUT_KINDS))
SELECT, OPTION = f"{WIDGETS}/select.html", f"{WIDGETS}/select_option.html"
TEXTAREA = f"{WIDGETS}/textarea.html"
LABEL = "django/forms/label.html"
# An error list: written here when empty (nearly always); one with errors is Django's.
ERROR_LISTS = ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")

# What a form template renders its values in: escaped, localized.
TEMPLATE_CONTEXT = Context()


class Unwritable(Exception):  # noqa: N818 - a signal to render the template instead
    """A value a template would read differently (a callable, which it calls)."""


def _shown(value) -> str:
    """`{{ value }}`, as a template writes it: localized, escaped unless marked safe."""
    if callable(value):
        raise Unwritable
    if type(value) is str:
        return escape(value)
    return render_value_in_context(value, TEMPLATE_CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: escaped unless marked safe, never localized."""
    if callable(value):
        raise Unwritable
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 - the filter's own formatting
    except (ValueError, TypeError):
        text = ""
    return text if isinstance(value, SafeData) else escape(text)


def _attributes(attrs) -> str:
    """`attrs.html`: ` name="value"` for each attribute, ` name` for True, nothing for False."""
    if not attrs:
        return ""
    if "items" in attrs:  # a template would read this attribute as the items
        raise Unwritable
    written = []
    for name, value in attrs.items():
        if value is True:
            written.append(f" {_shown(name)}")
        elif value is not False:
            written.append(f' {_shown(name)}="{_formatted(value)}"')
    return "".join(written)


def _input(widget) -> str:
    shown = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{shown}'
        f"{_attributes(widget['attrs'])}>"
    )


def _option(option) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attributes(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def _select(widget) -> str:
    written = [f'<select name="{_shown(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            written.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                raise Unwritable
            written.append(f"\n  {_option(option)}")
        if group_name:
            written.append("\n  </optgroup>")
    written.append("\n</select>")
    return "".join(written)


def _textarea(widget) -> str:
    text = _shown(widget["value"]) if widget["value"] else ""
    start = f'<textarea name="{_shown(widget["name"])}"{_attributes(widget["attrs"])}>'
    return f"{start}\n{text}</textarea>"


def _label(context) -> str:
    label = _shown(context.get("label", ""))
    if not context.get("use_tag"):
        return label
    tag = _shown(context["tag"])
    return f"<{tag}{_attributes(context.get('attrs'))}>{label}</{tag}>"


WRITERS = {
    **dict.fromkeys(INPUTS, lambda context: _input(context["widget"])),
    SELECT: lambda context: _select(context["widget"]),
    TEXTAREA: lambda context: _textarea(context["widget"]),
    LABEL: _label,
}


class QuickFormRenderer(DjangoTemplates):
    """Django's form renderer, with inputs, drop-downs, text areas, labels and empty error
    lists written directly."""

    @cached_property
    def written_here(self) -> frozenset[str]:
        """The templates this renderer writes: those Django's own files still provide (an
        application's template of the same name is rendered as the application wrote it)."""
        names = (*WRITERS, OPTION, *ERROR_LISTS)
        return frozenset(
            name
            for name in names
            if Path(self.get_template(name).origin.name) == DJANGO_TEMPLATES / name
        )

    def render(self, template_name, context, request=None):
        if template_name in self.written_here:
            try:
                return self.write(template_name, context)
            except (Unwritable, KeyError, TypeError, ValueError):
                pass  # a context the template reads differently: the template renders it
        return super().render(template_name, context, request=request)

    def write(self, template_name, context) -> str:
        if template_name in ERROR_LISTS:
            if context.get("errors"):
                raise Unwritable
            return ""
        if template_name == SELECT and OPTION not in self.written_here:
            raise Unwritable  # its options are an application's template
        # Stripped, as Django strips what a form template writes.
        return WRITERS[template_name](context).strip()
