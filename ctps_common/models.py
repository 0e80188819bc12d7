"""The tables the shared parts keep: when each periodic task is next due; pending imports."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicTaskRun(models.Model):
    """One row per periodic task (`ctps_common.periodic`). Whoever moves `next_run_at` past
    now with a conditional UPDATE enqueues that run: one enqueue per period, however many
    workers tick at once."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(verbose_name=_("Next run at"))
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("periodic task")

    def __str__(self):
        return f"{self.name} · {self.next_run_at:%Y-%m-%d %H:%M}"


class PendingImport(models.Model):
    """An uploaded spreadsheet between its preview and its confirmation (every import).

    Stored in the database, not under MEDIA_URL: only its uploader reaches it, through the
    checked admin views, and any app server can confirm it. The file (personal data) lives
    only as long as the import needs it: deleted on cancel, emptied on confirmation (the row
    stays, without the file, to answer a second confirm: "already imported by … at …"), and
    swept when it expires (`ctps_common.imports.tasks.pending_imports_expire`).
    """

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Waiting for confirmation")
        IMPORTING = "importing", _("Being imported")
        IMPORTED = "imported", _("Imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)  # the importer's key, e.g. "attendance"
    target = models.CharField(max_length=100, blank=True)  # e.g. the workshop's id
    options = models.JSONField(default=dict, blank=True)
    filename = models.CharField(max_length=255)
    content = models.BinaryField(blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PREVIEWED)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)  # counts only, never row data

    class Meta:
        verbose_name = _("pending import")
        default_permissions = ()

    def __str__(self) -> str:
        return self.filename


class ImportReceipt(models.Model):
    """The idempotency key of a confirmed import: the pending import's id, written in the
    transaction that writes its rows. Its primary key makes a second write of the same
    upload fail in the database even if it got past the claim (`PendingImport.state`); the
    second transaction waits for the first and rolls back whole. Counts only, no row data."""

    key = models.UUIDField(primary_key=True, verbose_name=_("pending import"))
    kind = models.CharField(max_length=60)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import receipt")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
