"""Which roles get which permissions of the indicator framework by default.

Managers get the dashboards and nothing else: no register or deliverable permission, so no
personal data reaches them. Applied after every `migrate` by `ctps_common.roles`; a site
replaces them with `CTPS_GRANTS["capability_results"]`.
"""

from ctps_common.roles import COUNTRY_STAFF, MANAGER, PROGRAMME_STAFF

CRUD = ("add", "change", "delete", "view")
DASHBOARDS = "view_dashboards"
ALL_COUNTRIES = "view_all_dashboards"

GRANTS = {
    COUNTRY_STAFF: [
        *(f"{action}_{model}" for model in ("deliverable", "followup", "indicatorvalue")
          for action in CRUD),
        "view_indicator",
        DASHBOARDS,
    ],
    PROGRAMME_STAFF: [
        *(f"{action}_{model}"
          for model in ("indicator", "indicatorbaseline", "indicatortarget", "indicatorvalue",
                        "deliverable", "followup")
          for action in CRUD),
        DASHBOARDS,
        ALL_COUNTRIES,
        "add_release",  # releases are frozen: never changed nor deleted
        "view_release",
    ],
    MANAGER: [DASHBOARDS, ALL_COUNTRIES, "view_release"],
}  # fmt: skip
