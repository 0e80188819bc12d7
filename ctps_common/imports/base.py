"""What an import is: an `Importer` reads a pending upload, previews it (a dry run) and, once
confirmed, writes it all or nothing; a pending import is claimed by exactly one confirm and
written once (its receipt). Every importer is a `resources.ResourceImporter`: the dry run
and the write are a django-import-export resource's."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..cache import batch
from ..models import ImportReceipt, PendingImport
from .reading import Column, SheetError, Table, read_table

# How long an upload waits for its confirmation (hours); then the sweep deletes it.
PENDING_HOURS = 24
CACHE_PREFIX = "ctps:import:"

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
STATUS_LABELS = {
    NEW: gettext_lazy("new"),
    UPDATED: gettext_lazy("updated"),
    UNCHANGED: gettext_lazy("unchanged"),
    ERROR: gettext_lazy("error"),
}


class ImportRefused(Exception):
    """The whole file is refused (nothing was written); the message says why."""

    def __init__(self, message: str, preview: Preview | None = None):
        super().__init__(message)
        self.preview = preview


@dataclass
class Cell:
    value: object
    message: str = ""  # what the import understood or why the cell is wrong
    level: str = ""  # "" | "info" | "warning" | "error"


@dataclass
class PreviewRow:
    number: int
    status: str  # NEW / UPDATED / UNCHANGED / ERROR
    cells: list[Cell]
    match: str = ""  # how the record was found: "existing person (e-mail)", "new person"
    notes: list[str] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return self.status == ERROR


@dataclass
class Question:
    """A choice the user makes before confirming (how to read 0.7; what a new organisation
    is). `value` is the current answer ("" = not answered yet, which blocks the confirm)."""

    name: str
    label: str
    choices: list[tuple[str, str]]
    value: str = ""
    help: str = ""
    group: str = ""  # questions are shown grouped under this heading


@dataclass
class Preview:
    """What confirming would do, row by row, with everything the user must see first."""

    columns: list[tuple[str, str]]  # (key, label)
    rows: list[PreviewRow]
    subject: str = ""  # what the import goes into ("Workshop gh-2025-03")
    ignored_columns: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # file-level remarks
    legend: list[tuple[str, str]] = field(default_factory=list)  # (term, meaning)

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(row.status for row in self.rows)
        return {status: counts.get(status, 0) for status in (NEW, UPDATED, UNCHANGED, ERROR)}

    @property
    def errors(self) -> int:
        return self.counts[ERROR]

    @property
    def unanswered(self) -> list[Question]:
        return [question for question in self.questions if not question.value]

    @property
    def blocking(self) -> bool:
        return bool(self.errors or self.unanswered)


class Importer:
    """One kind of import. Subclasses set `kind`, `title`, `columns` and implement
    `preview()` and `write()`; the views and the command line call only these."""

    kind = ""
    title = gettext_lazy("Import")
    columns: tuple[Column, ...] = ()
    accept = ".xlsx,.csv"
    help_text = ""
    index_label = ""  # the breadcrumb back to the listing
    # Names of the preview's questions start with one of these (the confirm form's answers).
    answer_prefixes: tuple[str, ...] = ()

    def __init__(self, *, user, target: str = "", options: dict | None = None):
        self.user = user
        self.target = target
        self.options = dict(options or {})

    @classmethod
    def for_request(cls, *, user, url_kwargs: dict, **kwargs) -> Importer:
        """The importer of a view; URL arguments (a course's id) may name the target."""
        return cls(user=user, **kwargs)

    # --- permissions and the upload form -------------------------------------------------
    def has_permission(self) -> bool:
        raise NotImplementedError

    def upload_form_class(self):
        from .views import UploadForm

        return UploadForm

    def start(self, *, form, table: Table) -> None:
        """Check the upload against the form's choices (the target); set `target` and
        `options` or raise ImportRefused. Called before anything is stored."""

    def template_url(self) -> str:
        return ""

    def answers_from(self, data) -> dict:
        """The answers a confirm form carries (a preview's questions are never recomputed
        just to learn their names: on a 10,000-row sheet that is a whole dry run)."""
        return {
            key: str(value)
            for key, value in data.items()
            if self.answer_prefixes and key.startswith(self.answer_prefixes)
        }

    # --- reading, dry run and writing ----------------------------------------------------
    def read(self, content: bytes, filename: str) -> Table:
        return read_table(content, filename=filename, columns=self.columns)

    def preview(self, table: Table, *, answers: dict) -> Preview:
        raise NotImplementedError

    def write(self, table: Table, *, answers: dict) -> Preview:
        """Write every row, inside the caller's transaction, or raise ImportRefused (the
        transaction then rolls back): refused while any row is in error or any question
        unanswered. Every import writes through its resource (`ResourceImporter`)."""
        raise NotImplementedError

    # --- where to go ---------------------------------------------------------------------
    def done_url(self) -> str:
        raise NotImplementedError

    def success_message(self, preview: Preview, filename: str) -> str:
        counts = preview.counts
        return _(
            "Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged."
        ) % {"file": filename, **counts}

    def log(self, preview: Preview, filename: str) -> None:
        """Audit log entry of a confirmed import (subclasses write it on their subject)."""


# --- the pending import's life ------------------------------------------------------------


def pending_create(*, importer: Importer, filename: str, content: bytes) -> PendingImport:
    return PendingImport.objects.create(
        user=importer.user,
        kind=importer.kind,
        target=importer.target,
        options=importer.options,
        filename=filename[:255],
        content=content,
        expires_at=timezone.now() + datetime.timedelta(hours=PENDING_HOURS),
    )


def cache_key(pending_id) -> str:
    return f"{CACHE_PREFIX}{pending_id}"


def pending_remember(pending: PendingImport, table: Table) -> None:
    """Keep the rows the upload step just parsed for the preview and the confirm."""
    seconds = max(1, int((pending.expires_at - timezone.now()).total_seconds()))
    cache.set(cache_key(pending.pk), table, seconds)


def pending_table(pending: PendingImport, importer: Importer) -> Table:
    """The parsed rows of a pending upload: parsed once, cached under the pending import's
    id until it expires (and dropped with it: confirm, cancel, sweep, erasure)."""
    key = cache_key(pending.pk)
    table = cache.get(key)
    if table is None:
        table = importer.read(bytes(pending.content), pending.filename)
        pending_remember(pending, table)
    return table


def pending_discard(pending: PendingImport) -> None:
    """Cancel: the row, its file and its parsed rows go."""
    cache.delete(cache_key(pending.pk))
    pending.delete()


class AlreadyClaimed(Exception):
    """Another request confirmed (or is confirming) this import."""

    def __init__(self, pending: PendingImport, *, imported_at=None):
        self.pending = pending
        if imported_at is None and pending.state == PendingImport.State.IMPORTED:
            imported_at = pending.finished_at
        if imported_at:
            message = _("This file was already imported by %(user)s at %(time)s.") % {
                "user": pending.user.get_full_name() or pending.user.get_username(),
                "time": timezone.localtime(imported_at).strftime("%d/%m/%Y %H:%M"),
            }
        else:
            message = _("This file is being imported by another request; reload in a moment.")
        super().__init__(message)


class _Duplicate(Exception):
    """The import's receipt exists: it was written already (raised inside the transaction
    so that it rolls back)."""


def pending_confirm(
    *, pending: PendingImport, importer: Importer, answers: dict, table: Table | None = None
) -> Preview:
    """Write the import exactly once: the claim (previewed → importing, a conditional UPDATE
    that only one request can win) and every write share one transaction, so a failure
    leaves the import waiting, unwritten, and a second confirm finds it taken."""
    table = table if table is not None else pending_table(pending, importer)
    with transaction.atomic():
        claimed = PendingImport.objects.filter(
            pk=pending.pk, state=PendingImport.State.PREVIEWED, expires_at__gt=timezone.now()
        ).update(state=PendingImport.State.IMPORTING)
        if not claimed:
            current = PendingImport.objects.select_related("user").filter(pk=pending.pk).first()
            if current is None or current.state == PendingImport.State.PREVIEWED:
                raise ImportRefused(_("This upload has expired; upload the file again."))
            raise AlreadyClaimed(current)
        return pending_write(pending=pending, importer=importer, answers=answers, table=table)


def pending_write(
    *, pending: PendingImport, importer: Importer, answers: dict, table: Table
) -> Preview:
    """The write path of a confirm: the receipt (the idempotency key, `ImportReceipt`), the
    rows, the audit log and the finished state, in one transaction (the caller's, when it
    claimed the import). The receipt goes first: a second write of the same upload waits on
    its key, then fails before writing anything, so an upload is imported once even if a
    caller skipped the claim."""
    try:
        with transaction.atomic(), batch():
            try:
                with transaction.atomic():  # a savepoint: the duplicate key is caught here
                    ImportReceipt.objects.create(key=pending.pk, kind=pending.kind)
            except IntegrityError as error:
                raise _Duplicate from error
            preview = importer.write(table, answers=answers)
            importer.log(preview, pending.filename)
            PendingImport.objects.filter(pk=pending.pk).update(
                state=PendingImport.State.IMPORTED,
                content=b"",
                options={},
                finished_at=timezone.now(),
                summary=preview.counts,
            )
    except _Duplicate:
        receipt = ImportReceipt.objects.filter(key=pending.pk).first()
        current = PendingImport.objects.select_related("user").filter(pk=pending.pk).first()
        raise AlreadyClaimed(
            current or pending, imported_at=receipt.imported_at if receipt else timezone.now()
        ) from None
    cache.delete(cache_key(pending.pk))  # written: the parsed rows are no longer needed
    return preview


def pending_imports_sweep(*, now=None) -> int:
    """Delete expired uploads and the records of finished ones, with their cached rows."""
    now = now or timezone.now()
    expired = PendingImport.objects.filter(expires_at__lte=now)
    ids = list(expired.values_list("pk", flat=True))
    cache.delete_many([cache_key(pk) for pk in ids])
    PendingImport.objects.filter(pk__in=ids).delete()
    # A receipt guards its pending import; once that is gone nothing can confirm it again.
    ImportReceipt.objects.filter(
        imported_at__lte=now - datetime.timedelta(hours=PENDING_HOURS)
    ).exclude(key__in=PendingImport.objects.values("pk")).delete()
    return len(ids)


__all__ = [
    "ERROR",
    "NEW",
    "UNCHANGED",
    "UPDATED",
    "AlreadyClaimed",
    "Cell",
    "Column",
    "ImportRefused",
    "Importer",
    "Preview",
    "PreviewRow",
    "Question",
    "SheetError",
    "Table",
]
