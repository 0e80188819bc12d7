"""Rows of the capability access matrix (test_scoping.py) for the indicator admin URLs."""

from django.urls import reverse

from capability.results.models import Deliverable, FollowUp, Indicator, IndicatorValue, Release

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
    # IATI describes the whole programme: country staff (one country) are sent back
    "iati": {"programme": "ok", "ghana": "denied", "manager": "ok", "trainee": "denied"},
    # releases: read by programme staff and managers, created by programme staff, frozen
    "release_read": {"programme": "ok", "ghana": "denied", "manager": "ok",
                     "trainee": "denied"},
    "release_add": {"programme": "ok", "ghana": "denied", "manager": "denied",
                    "trainee": "denied"},
    "release_frozen": {"programme": "denied", "ghana": "denied", "manager": "denied",
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
    for prefix in ("capability_deliverable", "capability_followup", "capability_indicatorvalue"):
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
             "iati" if kind == "iati" else "dashboard")
        )  # fmt: skip
    prefix = "capability_release"
    release = Release.objects.order_by("pk").first()
    if release is None:
        from django.contrib.auth import get_user_model

        release = Release.objects.create(
            end="2025-12-31", created_by=get_user_model().objects.filter(is_staff=True).first()
            or get_user_model().objects.first(), iati="<iati-activities/>",
        )  # fmt: skip
    for name in ("index", "index_results"):
        cases.append((f"{prefix}:{name}", reverse(f"{prefix}:{name}"), "release_read"))
    cases.append((f"{prefix}:add", reverse(f"{prefix}:add"), "release_add"))
    cases.append(
        (f"{prefix}:inspect", reverse(f"{prefix}:inspect", args=[release.pk]), "release_read")
    )
    cases.append(
        (f"{prefix}:history", reverse(f"{prefix}:history", args=[release.pk]), "release_add")
    )
    cases.append(
        (f"{prefix}:history_results", reverse(f"{prefix}:history_results", args=[release.pk]),
         "release_add")
    )  # fmt: skip
    for view in ("edit", "delete", "usage"):
        cases.append(
            (f"{prefix}:{view}", reverse(f"{prefix}:{view}", args=[release.pk]), "release_frozen")
        )
    return cases
