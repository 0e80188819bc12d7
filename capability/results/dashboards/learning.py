"""Learning (Kirkpatrick level 2): pre/post score distributions and mean gain per kind.

Scores are binned in the database (10-point bins), so the chart never reads score rows.
"""

from __future__ import annotations

from django.db.models import Avg, Count, DecimalField, ExpressionWrapper, F, Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capability.register.models import Attendance
from capability.register.models.choices import WorkshopKind

from ..indicators.disclosure import WITHHELD_LABEL
from ..indicators.queries import Scope, _between, _datetime_between, _enrolment_model
from ..tables import Table
from .base import figure, plotted, shown, wrap

slug = "learning"
title = gettext_lazy("Learning gains")
# the filters this dashboard's breakdowns support
filters = ("country", "start", "end")
ONLINE = "online"
BINS = list(range(10))  # 0-9, 10-19, ... 90-100


def _bins(field: str) -> dict:
    """One filtered count per 10-point bin of `field` (the last bin holds 90 to 100)."""
    counts = {}
    for index in BINS:
        condition = Q(**{f"{field}__gte": index * 10})
        if index < BINS[-1]:
            condition &= Q(**{f"{field}__lt": index * 10 + 10})
        counts[f"{field}_{index}"] = Count("pk", filter=condition)
    return counts


def _histogram(rows: list[dict], field: str) -> list[int]:
    """The bins summed over the groups (a handful of workshop kinds or courses)."""
    return [sum(row[f"{field}_{index}"] for row in rows) for index in BINS]


def _workshop_scores(scope: Scope):
    return scope.countries(Attendance.objects.participants(), "person__country").filter(
        _between("workshop__start_date", scope),
        pre_test_score__isnull=False,
        post_test_score__isnull=False,
    )


def _online_scores(scope: Scope):
    Enrolment = _enrolment_model()
    if Enrolment is None:
        return None
    # Matched forms only, as the knowledge-gain indicators: the same questions twice
    # measure memory, not learning.
    return scope.countries(Enrolment.objects.all(), "user__capability_person__country").filter(
        _datetime_between("enrolled_at", scope),
        pre_score__isnull=False,
        post_score__isnull=False,
        matched_forms=True,
    )


def aggregates(scope: Scope) -> dict:
    """Score histograms (workshops, online) and mean gain per workshop kind and per course:
    one GROUP BY per source, its bins counted alongside the gains."""
    gain = ExpressionWrapper(
        F("post_test_score") - F("pre_test_score"), output_field=DecimalField()
    )
    rows = list(
        _workshop_scores(scope)
        .order_by()
        .values("workshop__kind")
        .annotate(
            n=Count("person", distinct=True),
            gain=Avg(gain),
            **_bins("pre_test_score"),
            **_bins("post_test_score"),
        )
        .order_by("workshop__kind")
    )
    data = {
        "pre": _histogram(rows, "pre_test_score"),
        "post": _histogram(rows, "post_test_score"),
        "online_pre": [0] * len(BINS),
        "online_post": [0] * len(BINS),
        "by_kind": [
            {"key": row["workshop__kind"], "n": row["n"], "gain": float(row["gain"] or 0)}
            for row in rows
        ],
        "by_course": [],
    }
    online = _online_scores(scope)
    if online is not None:
        online_gain = ExpressionWrapper(
            F("post_score") - F("pre_score"), output_field=DecimalField()
        )
        rows = list(
            online.order_by()
            .values("course_key")
            .annotate(
                title=Min("course__title"),
                n=Count("user", distinct=True),
                gain=Avg(online_gain),
                **_bins("pre_score"),
                **_bins("post_score"),
            )
            .order_by("title")
        )
        data["online_pre"] = _histogram(rows, "pre_score")
        data["online_post"] = _histogram(rows, "post_score")
        data["by_course"] = [
            {"key": row["title"], "n": row["n"], "gain": float(row["gain"] or 0)} for row in rows
        ]
    return data


def _bin_labels() -> list[str]:
    return [f"{index * 10}–{index * 10 + 9 if index < 9 else 100}" for index in BINS]


def _kind_label(key: str) -> str:
    return str(WorkshopKind(key).label) if key in WorkshopKind.values else key


def figures(data: dict) -> list:
    result = []
    for prefix, heading in (
        ("", _("Workshop pre- and post-test scores")),
        ("online_", _("Online course pre- and post-test scores")),
    ):
        fig = figure(heading, barmode="group", xaxis={"title": {"text": _("Score (%)")}})
        for key, name in (("pre", _("Pre-test")), ("post", _("Post-test"))):
            counts = data[f"{prefix}{key}"]
            fig.add_bar(
                x=_bin_labels(),
                y=[plotted(count) for count in counts],
                name=name,
                text=[shown(count) if count else "" for count in counts],
            )
        result.append(fig)
    gains = [(_kind_label(row["key"]), row) for row in data["by_kind"]] + [
        (f"{_('Online')}: {row['key']}", row) for row in data["by_course"]
    ]
    labels = [wrap(name) for name, _row in gains]
    fig = figure(
        _("Mean gain (points), by workshop kind and online course"),
        height=max(300, 26 * sum(label.count("<br>") + 1 for label in labels) + 160),
        xaxis={"title": {"text": _("Mean gain (points)")}},
        yaxis={"autorange": "reversed", "type": "category"},
        showlegend=False,
    )
    fig.add_bar(
        orientation="h",
        y=labels,
        x=[None if shown(row["n"]) != row["n"] else round(row["gain"], 1) for _name, row in gains],
        text=[
            str(WITHHELD_LABEL) if shown(row["n"]) != row["n"] else f"{row['gain']:.1f}"
            for _name, row in gains
        ],
        textposition="auto",
    )
    result.append(fig)
    return result


def tables(data: dict) -> list[Table]:
    scores = Table(
        _("Score distribution"),
        [_("Score (%)"), _("Workshop pre-test"), _("Workshop post-test"),
         _("Online pre-test"), _("Online post-test")],
        slug="scores",
    )  # fmt: skip
    for index, name in enumerate(_bin_labels()):
        scores.rows.append(
            [name]
            + [shown(data[key][index]) for key in ("pre", "post", "online_pre", "online_post")]
        )
    gains = Table(
        _("Mean gain by workshop kind and online course"),
        [_("Kind or course"), _("Trainees"), _("Mean gain (points)")],
        slug="gains",
    )
    for name, row in [(_kind_label(row["key"]), row) for row in data["by_kind"]] + [
        (f"{_('Online')}: {row['key']}", row) for row in data["by_course"]
    ]:
        hidden = shown(row["n"]) != row["n"]
        gains.rows.append(
            [name, shown(row["n"]), str(WITHHELD_LABEL) if hidden else round(row["gain"], 1)]
        )
    return [scores, gains]
