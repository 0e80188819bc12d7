"""Writes that Django sends no per-row signal for, made visible to the caches built on them.

`QuerySet.update()`, `bulk_create()` and `bulk_update()` send no `post_save`, so a cache
invalidated by signals would keep serving what such a write changed. A model whose manager is
built from `SignallingQuerySet` sends `bulk_written` after each of them instead:

    sender    the model written
    fields    the names of the fields written (a frozenset), or None for whole new rows
    rows      how many rows (for bulk_update, once per batch of rows)
    queryset  for update(), the queryset written (its filter finds the rows again, as they
              are after the write, when it names none of the fields written); else None

`Model.save()` and `QuerySet.delete()` keep their own signals (post_save, post_delete).
"""

from __future__ import annotations

from django.db import models
from django.dispatch import Signal

bulk_written = Signal()


class SignallingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            bulk_written.send(sender=self.model, fields=frozenset(kwargs), rows=rows, queryset=self)
        return rows

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            bulk_written.send(sender=self.model, fields=None, rows=len(created), queryset=None)
        return created

    bulk_create.alters_data = True

    # bulk_update() writes through update(), one call per batch of rows: signalled there.
