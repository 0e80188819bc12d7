"""Creating a release: audited, frozen, once per closed quarter."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..dashboards.public import release_figures
from ..indicators.export import indicators_iati
from ..indicators.periods import period_bounds, period_of, programme_bounds
from ..indicators.queries import Scope
from ..models import Release
from .audit import audit_publication

LANGUAGES = ("en", "fr")


def closed_quarter_ends(today: datetime.date | None = None) -> list[datetime.date]:
    """The quarters a release may cover: ended, inside the programme."""
    today = today or timezone.localdate()
    first, last = programme_bounds()
    ends, year, quarter = [], *period_of(first)
    while True:
        end = period_bounds(year, quarter)[1]
        if end >= today or end > last:
            return ends
        ends.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


@transaction.atomic
def release_create(*, end: datetime.date, user, today: datetime.date | None = None) -> Release:
    """Freeze the results to `end` (a closed quarter's last day) after auditing them."""
    if end not in closed_quarter_ends(today):
        raise ValidationError(_("A release covers a closed quarter of the programme."))
    if Release.objects.filter(end__gte=end).exists():
        raise ValidationError(_("A release for this quarter or a later one exists already."))
    _published, findings = audit_publication(end)
    if findings:
        raise ValidationError(
            _("The disclosure audit failed; nothing was released: %(cells)s")
            % {"cells": "; ".join(str(finding) for finding in findings[:5])}
        )
    scope = Scope(None, programme_bounds()[0], end)
    figures = {}
    for language in LANGUAGES:
        with translation.override(language):
            figures[language] = release_figures(scope)
    release = Release(
        end=end,
        created_by=user,
        figures=figures,
        iati=indicators_iati(scope).decode(),
        audit={
            "cells": len(_published.statuses),
            "findings": 0,
            # kept so that every later release is audited together with this one
            "publication": _published.to_data(),
        },
    )
    try:
        with transaction.atomic():
            release.save()
    except IntegrityError as error:
        raise ValidationError(_("A release for this quarter exists already.")) from error
    return release
