"""Admin widgets that stay cheap on long inlines."""

from django.contrib.admin.widgets import AutocompleteSelect


class LabelledAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose chosen option is labelled from `known_labels` (value → label),
    read once for a whole inline, instead of one query per row."""

    known_labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        known = self.known_labels
        if known is None or any(choice not in known for choice in chosen):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for choice in chosen:
            options.append(self.create_option(name, choice, known[choice], True, len(options)))
        return [(None, options, 0)]
