"""Write the indicator table as xlsx or as an IATI 2.03 document.

manage.py export_indicators --format iati|xlsx --output FILE [--country GH]
    [--from 2024-01-01 --to 2026-12-31]
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from capability.register.models import Country
from capability.results.iati import InvalidIATIDocument
from capability.results.indicators.export import (
    NarrowIATIRequest,
    indicators_iati,
    indicators_xlsx,
)
from capability.results.indicators.periods import programme_bounds
from capability.results.indicators.queries import Scope
from ctps_common.storage import atomic_write_path


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Export the programme's indicators (baseline, targets, actuals) as xlsx or IATI XML."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["iati", "xlsx"], required=True)
        parser.add_argument("--output", required=True, help="File to write.")
        parser.add_argument("--country", action="append", help="ISO code; may be repeated.")
        parser.add_argument("--from", dest="start", help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD.")

    def handle(self, *args, **options):
        first, last = programme_bounds()
        start = _date(options["start"]) if options["start"] else first
        end = _date(options["end"]) if options["end"] else last
        if end < start:
            raise CommandError("--to is before --from")
        country_ids = None
        if options["country"]:
            codes = {code.upper() for code in options["country"]}
            found = dict(Country.objects.filter(code__in=codes).values_list("code", "pk"))
            if missing := codes - set(found):
                raise CommandError(f"Unknown country: {', '.join(sorted(missing))}")
            country_ids = frozenset(found.values())
        scope = Scope(country_ids, start, end)
        try:
            content = (
                indicators_iati(scope) if options["format"] == "iati" else indicators_xlsx(scope)
            )
        except NarrowIATIRequest as narrow:
            raise CommandError(f"Nothing written: {narrow}") from narrow
        except InvalidIATIDocument as invalid:
            raise CommandError(
                "Nothing written: the IATI document breaks the IATI 2.03 schema.\n"
                + "\n".join(f"  {error}" for error in invalid.errors)
            ) from invalid
        try:
            with atomic_write_path(Path(options["output"])) as partial:  # never half a file
                partial.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Nothing written to {options['output']}: {error}") from error
        self.stdout.write(f"Wrote {options['output']} ({len(content)} bytes)")
