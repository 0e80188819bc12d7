"""The logical framework and its evidence: indicators with baselines, targets and manual
values, deliverables, follow-ups, and the public results page.

The tables keep the names they had when these models were part of the `capability` app
(`Meta.db_table`), see migrations/0001_initial.py.
"""

from .deliverables import Deliverable, FollowUp
from .indicators import Indicator, IndicatorBaseline, IndicatorTarget, IndicatorValue
from .pages import DashboardPage
from .releases import Release

__all__ = [
    "DashboardPage",
    "Deliverable",
    "FollowUp",
    "Indicator",
    "IndicatorBaseline",
    "IndicatorTarget",
    "IndicatorValue",
    "Release",
]
