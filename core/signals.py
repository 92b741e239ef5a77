"""Signals of writes that Django's model signals do not see."""

from django.dispatch import Signal

# Sent (sender: the model) by writes that bypass save() and delete(): QuerySet.update(),
# bulk_create(), bulk_update(). Receivers, such as the page cache, treat it like post_save.
rows_changed = Signal()
