"""The one spreadsheet import workflow of every plugin: upload → preview → confirm.

- `reading`: the container check and the table reader (xlsx or csv, FR/EN headers).
- `base`: `Importer` (what one kind of import does: read, dry run, write), the preview it
  returns (rows, per-cell messages, questions the user must answer), the pending import's
  life (parsed rows cached only while it waits; claimed once; emptied on confirm).
- `resources`: `ResourceImporter`, what every importer is: a django-import-export
  resource (its dry run is the preview, its real run the confirm; all or nothing; cached
  foreign keys) and `PreviewNotes`, what a resource tells the preview beyond its errors.
- `views`: the upload and preview/confirm views and their URL patterns, used by every
  importer; one preview template (`ctps_common/imports/preview.html`).
- `tasks`: the periodic sweep of expired pending imports.
"""
