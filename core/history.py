"""The history of members, topics and publications: who changed what, when, and why.

django-simple-history keeps a copy of each row at every save. Saves made during a request are
signed by the request's user (HistoryRequestMiddleware); imports and other batch writes say what
they were with `recorded_as("import")`, which also names the user when one is known.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.dispatch import receiver
from django.utils.text import capfirst
from simple_history.signals import pre_create_historical_record

_context: ContextVar[tuple[str, object] | None] = ContextVar("history_context", default=None)


@contextmanager
def recorded_as(reason: str, *, user=None) -> Iterator[None]:
    """Every history row written inside the block carries `reason`, and `user` when given
    (a request's own user is kept otherwise). Usable as a decorator; when blocks nest, the
    outermost reason wins: a harvest stays a harvest through the import it runs."""
    outer = _context.get()
    if outer is not None:
        reason, user = outer[0], outer[1] if outer[1] is not None else user
    token = _context.set((reason, user))
    try:
        yield
    finally:
        _context.reset(token)


def current_reason() -> str:
    context = _context.get()
    return context[0] if context else ""


def current_user():
    context = _context.get()
    return context[1] if context else None


@receiver(pre_create_historical_record)
def _sign_history_row(sender, history_instance, **kwargs):
    # Metadata of the row being written, not business logic: what recorded_as() announced.
    context = _context.get()
    if context is None:
        return
    reason, user = context
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = reason
    if user is not None and history_instance.history_user_id is None:
        history_instance.history_user = user


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between two versions of a record, as staff read it."""

    label: str
    old: str
    new: str


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(sorted(str(item) for item in value)) or "—"
    text = str(value)
    return text if len(text) <= 80 else f"{text[:79]}…"


def changes_between(older, newer) -> list[FieldChange]:
    """The fields that differ between two historical rows of one record, in the model's order."""
    model = newer.instance_type
    labels = {
        field.attname: field.verbose_name
        for field in model._meta.get_fields()
        if hasattr(field, "verbose_name")
    }
    labels |= {field.name: field.verbose_name for field in model._meta.many_to_many}
    delta = newer.diff_against(older, foreign_keys_are_objs=False)
    changes = []
    for change in delta.changes:
        old, new = change.old, change.new
        if isinstance(old, list) or isinstance(new, list):
            # Many-to-many rows come as dicts naming the related ids.
            old, new = (
                _related_names(model, change.field, old),
                _related_names(model, change.field, new),
            )
        old, new = _shown(old), _shown(new)
        if old != new:  # An empty value stored as NULL once and "" later is no change.
            changes.append(
                FieldChange(capfirst(str(labels.get(change.field, change.field))), old, new)
            )
    return changes


def _related_names(model, field_name: str, rows) -> list[str]:
    field = model._meta.get_field(field_name)
    related = field.related_model
    key = f"{related._meta.model_name}"
    ids = [row.get(key) for row in rows or [] if isinstance(row, dict)]
    return [str(obj) for obj in related.objects.filter(pk__in=ids)]
