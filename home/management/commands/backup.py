from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from home.backup import BackupError, site_backup


class Command(BaseCommand):
    help = "Back up every database table and the media files into one tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="archive path (default: backup-<time>.tar.gz)"
        )
        parser.add_argument("--database", default="default")
        parser.add_argument("--no-media", action="store_true", help="skip the media files")

    def handle(self, *args, output=None, database="default", no_media=False, **options):
        output = output or Path(f"backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = site_backup(output=output, database=database, include_media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        if manifest["media_folder_missing"]:
            self.stdout.write("The media folder does not exist yet: no media files to back up.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows in {len(manifest['row_counts'])} tables and "
                f"{manifest['media_files']} media files to {output}"
            )
        )
