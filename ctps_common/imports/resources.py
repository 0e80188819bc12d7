"""Importers made of a django-import-export resource: the preview is the resource's dry
run, the confirm its real run, both all or nothing (`rollback_on_validation_errors`, inside
the confirm's transaction)."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .base import ERROR, NEW, UNCHANGED, UPDATED, Cell, Importer, ImportRefused, Preview, PreviewRow
from .reading import Column, Table

IMPORT_TYPES = {"new": NEW, "update": UPDATED, "skip": UNCHANGED, "delete": UPDATED}


class ResourceImporter(Importer):
    """Subclasses give `make_resource()` (a resource built for `self.user`)."""

    def make_resource(self):
        raise NotImplementedError

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

    def _run(self, table: Table, *, dry_run: bool):
        import tablib

        resource = self.make_resource()
        headers = list(table.columns)
        for name in resource._meta.import_id_fields:  # a sheet of new records has no "id"
            column = resource.fields[name].column_name
            if column not in headers:
                headers.append(column)
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
        return result

    def preview(self, table: Table, *, answers: dict) -> Preview:
        with transaction.atomic():
            result = self._run(table, dry_run=True)
            transaction.set_rollback(True)
        return self._preview(table, result)

    def write(self, table: Table, *, answers: dict) -> Preview:
        result = self._run(table, dry_run=False)
        preview = self._preview(table, result)
        if preview.errors or result.has_errors() or result.has_validation_errors():
            raise ImportRefused(_("Some rows have errors; nothing was imported."), preview)
        return preview

    def _preview(self, table: Table, result) -> Preview:
        labels = {column.key: str(column.label) for column in self.columns}
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
            rows.append(
                PreviewRow(
                    number=source.number,
                    status=status,
                    cells=[
                        Cell(
                            source.values.get(key, ""),
                            errors.get(key, ""),
                            "error" if key in errors else "",
                        )
                        for key in table.columns
                    ],
                    notes=[errors["__all__"]] if "__all__" in errors else [],
                )
            )
        for error in result.base_errors:
            rows.append(PreviewRow(number=0, status=ERROR, cells=[], notes=[str(error.error)]))
        return Preview(
            columns=[(key, labels.get(key, key)) for key in table.columns],
            rows=rows,
            ignored_columns=table.ignored,
        )
