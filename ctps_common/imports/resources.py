"""Importers made of a django-import-export resource: the preview is the resource's dry
run, the confirm its real run, both all or nothing (`rollback_on_validation_errors`, inside
the confirm's transaction).

A resource may say more than its row results do: what it understood in a cell, how a row
was matched, remarks (`PreviewNotes`, filled by the resource's hooks during either run and
read by `ResourceImporter.describe`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import ERROR, NEW, UNCHANGED, UPDATED, Cell, Importer, ImportRefused, Preview, PreviewRow
from .reading import Column, Table

IMPORT_TYPES = {"new": NEW, "update": UPDATED, "skip": UNCHANGED, "delete": UPDATED}


class PreviewNotes:
    """What a resource tells the preview about its rows (by the library's 1-based
    `row_number`): per-cell messages `{key: (text, level)}`, how the row was matched, and
    remarks on the row."""

    def __init__(self):
        self.cells: dict[int, dict[str, tuple[str, str]]] = {}
        self.match: dict[int, str] = {}
        self.notes: dict[int, list[str]] = {}

    def cell(self, number: int, key: str, text: str, level: str = "info") -> None:
        self.cells.setdefault(number, {})[key] = (str(text), level)

    def note(self, number: int, text: str) -> None:
        self.notes.setdefault(number, []).append(str(text))


class ResourceImporter(Importer):
    """Subclasses give `make_resource()` (a resource built for `self.user`), or
    `resource_for(table, answers=...)` when the resource needs the sheet itself."""

    unanswered_message = gettext_lazy(
        "Answer every question above the table before confirming; nothing was imported."
    )

    def make_resource(self):
        raise NotImplementedError

    def resource_for(self, table: Table, *, answers: dict):
        return self.make_resource()

    def dataset_headers(self, table: Table, resource) -> list[str]:
        """The dataset's columns: the sheet's, plus the resource's import id columns (a
        sheet of new records has no "id")."""
        headers = list(table.columns)
        for name in resource._meta.import_id_fields:
            column = resource.fields[name].column_name
            if column not in headers:
                headers.append(column)
        return headers

    @property
    def columns(self) -> tuple[Column, ...]:
        resource = self.make_resource()
        model = resource._meta.model
        columns = []
        for resource_field in resource.get_import_fields():
            name = resource_field.column_name
            aliases: list[str] = [name]
            try:
                model_field = model._meta.get_field(resource_field.attribute or name)
            except Exception:  # a resource field that is not a model field
                label = name
            else:
                label = capfirst(model_field.verbose_name)
                for language in ("en", "fr"):
                    with translation.override(language):
                        aliases.append(str(model_field.verbose_name))
            columns.append(Column(name, label, tuple(aliases)))
        return tuple(columns)

    def _run(self, table: Table, *, dry_run: bool, answers: dict | None = None):
        import tablib

        resource = self.resource_for(table, answers=answers or {})
        headers = self.dataset_headers(table, resource)
        dataset = tablib.Dataset(
            *[[row.values.get(key, "") for key in headers] for row in table.rows],
            headers=headers,
        )
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        return resource, result

    def preview(self, table: Table, *, answers: dict) -> Preview:
        with transaction.atomic():
            resource, result = self._run(table, dry_run=True, answers=answers)
            transaction.set_rollback(True)
        return self.describe(self._preview(table, result, resource), resource)

    def write(self, table: Table, *, answers: dict) -> Preview:
        resource, result = self._run(table, dry_run=False, answers=answers)
        refused = result.has_errors() or result.has_validation_errors()
        # A written import needs only the counts: its cells (13 per row) are built only
        # for a refused file, whose preview is shown again.
        preview = self.describe(self._preview(table, result, resource, cells=refused), resource)
        if refused or preview.errors:
            raise ImportRefused(_("Some rows have errors; nothing was imported."), preview)
        if preview.unanswered:
            preview = self.describe(self._preview(table, result, resource), resource)
            raise ImportRefused(str(self.unanswered_message), preview)
        self.written(resource, preview)
        return preview

    def describe(self, preview: Preview, resource) -> Preview:
        """The preview with what only this import knows (subject, legend, questions)."""
        return preview

    def written(self, resource, preview: Preview) -> None:
        """Called once the real run succeeded (keep what the success message needs)."""

    def _preview(self, table: Table, result, resource, *, cells: bool = True) -> Preview:
        labels = {column.key: str(column.label) for column in self.columns}
        said = getattr(resource, "preview_notes", None) or PreviewNotes()
        invalid = {row.number: row for row in result.invalid_rows}
        rows = []
        for index, (source, row_result) in enumerate(
            zip(table.rows, result.rows, strict=False), start=1
        ):
            errors: dict[str, str] = {}
            status = IMPORT_TYPES.get(row_result.import_type, NEW)
            if index in invalid:
                status = ERROR
                errors = {
                    name: "; ".join(str(message) for message in messages)
                    for name, messages in invalid[index].field_specific_errors.items()
                }
                general = invalid[index].non_field_specific_errors
                if general:
                    errors["__all__"] = "; ".join(str(message) for message in general)
            elif row_result.errors:
                status = ERROR
                errors["__all__"] = "; ".join(str(error.error) for error in row_result.errors)
            messages = said.cells.get(index, {})
            row_cells = []
            for key in table.columns if cells else ():
                if key in errors:
                    row_cells.append(Cell(source.values.get(key, ""), errors[key], "error"))
                else:
                    text, level = messages.get(key, ("", ""))
                    row_cells.append(Cell(source.values.get(key, ""), text, level))
            notes = list(said.notes.get(index, []))
            if "__all__" in errors:
                notes.insert(0, errors["__all__"])
            notes += [
                errors[key] for key in errors if key != "__all__" and key not in table.columns
            ]
            rows.append(
                PreviewRow(
                    number=source.number,
                    status=status,
                    cells=row_cells,
                    match=said.match.get(index, ""),
                    notes=notes,
                )
            )
        for error in result.base_errors:
            rows.append(PreviewRow(number=0, status=ERROR, cells=[], notes=[str(error.error)]))
        return Preview(
            columns=[(key, labels.get(key, key)) for key in table.columns],
            rows=rows,
            ignored_columns=table.ignored,
        )
