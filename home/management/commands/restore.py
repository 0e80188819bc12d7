from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home.backup import RestoreError, site_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive made by `manage.py backup` into a migrated database. "
        "Every existing row is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, database="default", yes=False, **options):
        if not archive.exists():
            raise CommandError(f"No such file: {archive}")
        if not yes and input(f"Replace ALL data in database '{database}'? [y/N] ") != "y":
            raise CommandError("Cancelled; nothing was changed.")
        try:
            manifest = site_restore(archive_path=archive, database=database)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['row_counts'].values())} rows and "
                f"{manifest['media_files']} media files from {archive}"
            )
        )
