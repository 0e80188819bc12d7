"""Reporting periods: years and quarters, with a configurable first month of the year.

A reporting year is named after the calendar year it starts in; with the default start
month (January) reporting years are calendar years.
"""

from __future__ import annotations

import datetime

from django.conf import settings


def start_month() -> int:
    return int(getattr(settings, "CAPABILITY_REPORTING_YEAR_START_MONTH", 1))


def programme_bounds() -> tuple[datetime.date, datetime.date]:
    start = getattr(settings, "CAPABILITY_PROGRAMME_START", "2024-01-01")
    end = getattr(settings, "CAPABILITY_PROGRAMME_END", "2026-12-31")
    return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_bounds(year: int, quarter: int | None = None) -> tuple[datetime.date, datetime.date]:
    """First and last day of a reporting year, or of one of its quarters."""
    first = datetime.date(year, start_month(), 1)
    if quarter:
        first = _add_months(first, 3 * (quarter - 1))
        return first, _add_months(first, 3) - datetime.timedelta(days=1)
    return first, _add_months(first, 12) - datetime.timedelta(days=1)


def period_of(day: datetime.date) -> tuple[int, int]:
    """The (reporting year, quarter) a day falls in."""
    months = (day.month - start_month()) % 12
    year = day.year if day.month >= start_month() else day.year - 1
    return year, months // 3 + 1


def quarters_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    """Every (year, quarter) from the one holding `start` to the one holding `end`."""
    periods, current = [], period_of(start)
    last = period_of(end)
    while current <= last:
        periods.append(current)
        year, quarter = current
        current = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return periods


def label(year: int, quarter: int | None = None) -> str:
    return f"{year} Q{quarter}" if quarter else str(year)


def whole_quarters(
    start: datetime.date | None, end: datetime.date | None
) -> tuple[datetime.date | None, datetime.date | None]:
    """A period widened to whole quarters: day windows could be subtracted from each other
    to single out the people of a few days."""
    if start is not None:
        start = period_bounds(*period_of(start))[0]
    if end is not None:
        end = period_bounds(*period_of(end))[1]
    return start, end
