"""Audit everything a release publishes: no hidden cell may be narrowed by linear
programming to less than the protection range (see docs/DISCLOSURE.md).

manage.py audit_disclosure [--end 2026-06-30]

Without --end: the latest release's quarter, else the last closed quarter. Every release
before that quarter is part of the audit (differencing two releases). Exits with an error
listing the exposed cells when the audit fails.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from capability.results.indicators.disclosure import protection
from capability.results.models import Release
from capability.results.releases.audit import audit_publication, earlier_publications
from capability.results.releases.services import closed_quarter_ends


class Command(BaseCommand):
    help = "Audit the figures published for a release by linear programming."

    def add_arguments(self, parser):
        parser.add_argument("--end", help="Last day of the release's quarter, YYYY-MM-DD.")

    def handle(self, *args, **options):
        if options["end"]:
            try:
                end = datetime.date.fromisoformat(options["end"])
            except ValueError as error:
                raise CommandError(f"Not a date (YYYY-MM-DD): {options['end']}") from error
        else:
            release = Release.objects.latest_release()
            ends = closed_quarter_ends()
            if release is None and not ends:
                raise CommandError("No closed quarter to audit yet.")
            end = release.end if release else ends[-1]
        published, findings = audit_publication(end)
        hidden = sum(status.hidden for status in published.statuses.values())
        self.stdout.write(
            f"Results to {end}: {len(published.statuses)} figures published, {hidden} hidden, "
            f"protection range {protection():g}; audited together with "
            f"{len(earlier_publications(end))} earlier release(s)."
        )
        if findings:
            raise CommandError(
                f"{len(findings)} cell(s) can be narrowed below the protection range:\n"
                + "\n".join(f"  {finding}" for finding in findings)
            )
        self.stdout.write("Audit passed: every hidden cell stays protected.")
