from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home.backup import RestoreError, site_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive made by `manage.py backup` into a database migrated to the "
        "same schema. A database that already holds accounts is refused unless --replace is "
        "given; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace every row of a database that already holds data",
        )

    def handle(self, *args, archive, database="default", replace=False, **options):
        if not archive.exists():
            raise CommandError(f"No such file: {archive}")
        try:
            report = site_restore(archive_path=archive, database=database, replace=replace)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        rows = sum(report.manifest["row_counts"].values())
        if report.replaced:
            self.stdout.write(
                self.style.WARNING(
                    f"Replaced everything database '{database}' held "
                    f"({report.replaced['accounts']} accounts, {report.replaced['rows']} rows)."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows and {report.media_files} media files from {archive}"
            )
        )
