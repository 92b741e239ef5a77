"""Reading an admin change form as a browser would submit it, unchanged."""

from django import forms


def _put(data, bound_field):
    value = bound_field.value()
    if value is None or isinstance(bound_field.field.widget, forms.FileInput):
        return
    if isinstance(value, bool):
        if value:
            data[bound_field.html_name] = "on"
    elif isinstance(value, list | tuple):
        data[bound_field.html_name] = [str(item) for item in value]
    else:
        data[bound_field.html_name] = str(value)


def change_form_data(response) -> dict:
    """What the change page in `response` posts when saved without any edit."""
    data = {}
    for bound_field in response.context["adminform"].form:
        _put(data, bound_field)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            _put(data, bound_field)
        for form in formset.forms:
            for bound_field in form:
                _put(data, bound_field)
    return data
