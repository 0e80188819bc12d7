"""`manage.py import_attendance FILE --workshop CODE`: the admin's attendance import from the
command line (back-filling years of sheets), on the same pipeline: same reading, matching,
messages, questions, scope (the user named by --as) and all-or-nothing write."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ctps_common.imports.base import (
    AlreadyClaimed,
    ImportRefused,
    pending_confirm,
    pending_create,
    pending_discard,
)
from ctps_common.imports.reading import SheetError

from ...imports import AttendanceImporter
from ...models import Workshop
from ...services import AS_WRITTEN, PERCENT

FRACTIONS = {"percent": PERCENT, "as-written": AS_WRITTEN}


class Command(BaseCommand):
    help = (
        "Import an attendance sheet (.xlsx or .csv) into a workshop, all or nothing; exits "
        "non-zero when the admin would refuse it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--workshop", required=True, help="the workshop's code")
        parser.add_argument("--dry-run", action="store_true", help="preview only, write nothing")
        parser.add_argument(
            "--create-organisations",
            action="store_true",
            help="create organisations the register does not know, with the type guessed "
            "from their names (shown in the preview)",
        )
        parser.add_argument(
            "--fractions",
            choices=sorted(FRACTIONS),
            help="how to read scores from 0 to 1 (0.7): percent = 70 %%, as-written = 0.7 %%",
        )
        parser.add_argument(
            "--as",
            dest="email",
            help="the staff user whose country scope applies and who is recorded as the "
            "importer (default: the first active superuser)",
        )

    def handle(self, *args, **options):
        user = self.user(options["email"])
        importer = AttendanceImporter(user=user)
        if not importer.has_permission():
            raise CommandError(f"{user.get_username()} may not import attendance.")
        workshop = Workshop.objects.for_user(user).filter(code__iexact=options["workshop"]).first()
        if workshop is None:
            raise CommandError(
                f"No workshop {options['workshop']!r} in {user.get_username()}'s countries."
            )
        importer.target = str(workshop.pk)
        path: Path = options["file"]
        try:
            content = path.read_bytes()
            table = importer.read(content, path.name)
            preview = importer.preview(table, answers={})
            answers = self.answers(preview, options)
            preview = importer.preview(table, answers=answers)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        except (SheetError, ImportRefused) as error:
            raise CommandError(f"{path.name}: {error}") from error
        self.print_preview(preview)
        if preview.errors:
            raise CommandError(f"{preview.errors} rows have errors; nothing was imported.")
        if preview.unanswered:
            for question in preview.unanswered:
                self.stderr.write(f"  ? {question.label}")
            raise CommandError(
                "Unanswered: give --fractions=percent (or as-written) for scores from 0 to 1, "
                "and --create-organisations (or add them to the register) for unknown "
                "organisations; nothing was imported."
            )
        counts = preview.counts
        summary = (
            f"{counts['new']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['error']} with errors"
        )
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {path.name} into {workshop.code}: {summary}.")
            return
        pending = pending_create(importer=importer, filename=path.name, content=content)
        try:
            preview = pending_confirm(pending=pending, importer=importer, answers=answers)
        except (ImportRefused, AlreadyClaimed) as error:
            pending_discard(pending)
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(importer.success_message(preview, path.name)))

    def user(self, email: str | None):
        users = get_user_model()._default_manager.filter(is_active=True)
        user = (
            users.filter(email__iexact=email).first()
            if email
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError(
                f"No active user {email!r}." if email else "No active superuser: give --as EMAIL."
            )
        return user

    def answers(self, preview, options) -> dict:
        answers = {}
        for question in preview.questions:
            values = [value for value, _label in question.choices]
            if question.name.startswith("fractions_"):
                if options["fractions"]:
                    answers[question.name] = FRACTIONS[options["fractions"]]
            elif options["create_organisations"]:
                guessed = question.value or next(v for v in values if v.startswith("new:"))
                answers[question.name] = guessed
        return answers

    def print_preview(self, preview) -> None:
        """The preview as a table: row, result, how the person was found, then the cells
        with a remark (what was understood, or the error)."""
        labels = dict(preview.columns)
        self.stdout.write(f"{preview.subject}")
        if preview.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(preview.ignored_columns)}")
        for question in preview.questions:
            chosen = dict(question.choices).get(question.value, "not answered")
            self.stdout.write(f"  {question.label} -> {chosen}")
        self.stdout.write(f"{'Row':>5}  {'Result':<10} {'Person':<42} Remarks")
        for row in preview.rows:
            cells = dict(zip((key for key, _label in preview.columns), row.cells, strict=False))
            name = " ".join(
                str(cells[key].value) for key in ("given_name", "family_name") if key in cells
            )
            remarks = [
                f"{labels[key]}: {cell.value} {cell.message}".strip()
                for key, cell in cells.items()
                if cell.message
            ] + row.notes
            self.stdout.write(
                f"{row.number:>5}  {row.status:<10} {(name + ' · ' + row.match)[:42]:<42} "
                + "; ".join(remarks)
            )
        counts = preview.counts
        self.stdout.write(
            f"{len(preview.rows)} rows: {counts['new']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['error']} with errors."
        )
