"""Export of stored statements for a period, as the JSON array an LRS accepts on POST."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import XapiStatement


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(
        label=gettext_lazy("To (inclusive)"), widget=forms.DateInput({"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end] in days of the current time zone, as [first moment, moment after)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def statements_export(*, start: datetime, end: datetime) -> list[dict]:
    """Statements whose timestamp falls in [start, end), as stored."""
    return list(XapiStatement.objects.between(start, end).values_list("statement", flat=True))


def statements_json(statements: list[dict]) -> str:
    return json.dumps(statements, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


def export_filename(start: date, end: date) -> str:
    return f"xapi-{start}-{end}.json"
