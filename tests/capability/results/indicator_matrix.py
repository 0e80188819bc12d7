"""Rows of the capability access matrix (test_scoping.py) for the indicator admin URLs."""

from django.urls import reverse

from capability.results.models import Deliverable, FollowUp, Indicator, IndicatorValue

OBJECT_VIEWS = ("edit", "delete", "history", "history_results", "inspect", "usage")
SCOPED = {
    "capability_indicatorvalue": (IndicatorValue, "country__code"),
    "capability_deliverable": (Deliverable, "country__code"),
    "capability_followup": (FollowUp, "person__country__code"),
}
UNKNOWN = "00000000-0000-4000-8000-000000000000"

# kind -> role -> "ok" | "denied" | "403"; merged into test_scoping.EXPECTED
EXPECTED = {
    # dashboards: staff and managers; country staff get their countries' figures
    "dashboard": {"programme": "ok", "ghana": "ok", "manager": "ok", "trainee": "denied"},
    # indicators are read by country staff, edited by programme staff
    "indicator_read": {"programme": "ok", "ghana": "ok", "manager": "denied",
                       "trainee": "denied"},
}  # fmt: skip


def indicator_admin_urls() -> list[tuple[str, str, str]]:
    cases = []
    for prefix, (model, path) in SCOPED.items():
        own = model.objects.filter(**{path: "GH"}).order_by("pk").first()
        other = model.objects.filter(**{path: "KE"}).order_by("pk").first()
        for name in ("index", "index_results", "add"):
            cases.append((f"{prefix}:{name}", reverse(f"{prefix}:{name}"), "list"))
        cases.append(
            (f"{prefix}:index export", reverse(f"{prefix}:index") + "?export=xlsx", "list")
        )
        for view in OBJECT_VIEWS:
            cases.append(
                (f"{prefix}:{view} own", reverse(f"{prefix}:{view}", args=[own.pk]), "own")
            )
            cases.append(
                (f"{prefix}:{view} other", reverse(f"{prefix}:{view}", args=[other.pk]), "other")
            )
    for prefix in ("capability_deliverable", "capability_followup"):
        cases.append((f"{prefix}:import", reverse(f"{prefix}:import"), "list"))
        cases.append(
            (f"{prefix}:export_for_import", reverse(f"{prefix}:export_for_import"), "list")
        )
        cases.append(
            (f"{prefix}:import_preview", reverse(f"{prefix}:import_preview", args=[UNKNOWN]),
             "nobody")
        )  # fmt: skip
    indicator = Indicator.objects.order_by("pk").first()
    prefix = "capability_indicator"
    for name in ("index", "index_results"):
        cases.append((f"{prefix}:{name}", reverse(f"{prefix}:{name}"), "indicator_read"))
    cases.append(
        (f"{prefix}:inspect", reverse(f"{prefix}:inspect", args=[indicator.pk]), "indicator_read")
    )
    cases.append((f"{prefix}:add", reverse(f"{prefix}:add"), "manage"))
    for view in ("edit", "delete", "history", "history_results", "usage"):
        cases.append(
            (f"{prefix}:{view}", reverse(f"{prefix}:{view}", args=[indicator.pk]), "manage")
        )
    dashboards = "capability_dashboards"
    cases.append((f"{dashboards}:index", reverse(f"{dashboards}:index"), "dashboard"))
    for slug in ("overview", "trend", "disaggregation", "learning", "competencies"):
        cases.append(
            (f"{dashboards}:dashboard {slug}", reverse(f"{dashboards}:dashboard", args=[slug]),
             "dashboard")
        )  # fmt: skip
    cases.append((f"{dashboards}:xlsx", reverse(f"{dashboards}:xlsx", args=["trend"]), "dashboard"))
    for kind in ("xlsx", "iati"):
        cases.append(
            (f"{dashboards}:export {kind}", reverse(f"{dashboards}:export", args=[kind]),
             "dashboard")
        )  # fmt: skip
    return cases
