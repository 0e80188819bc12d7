"""Which roles get which register permissions by default.

Applied after every `migrate` by `ctps_common.roles` (groups named by the site's
`CTPS_ROLE_GROUPS`); a site replaces them with `CTPS_GRANTS["capability"]`.
"""

from ctps_common.roles import COUNTRY_STAFF, MANAGER, PROGRAMME_STAFF

CRUD = ("add", "change", "delete", "view")
REGISTER_MODELS = ("organisation", "person", "workshop", "attendance", "competencyevidence")
REFERENCE_MODELS = ("country", "competencyframework", "competency")

GRANTS = {
    # Country staff keep the register of their own countries and read the reference lists.
    COUNTRY_STAFF: [f"{action}_{model}" for model in REGISTER_MODELS for action in CRUD]
    + [f"view_{model}" for model in REFERENCE_MODELS],
    # Programme staff do everything, in every country, and assign staff to countries.
    PROGRAMME_STAFF: [
        f"{action}_{model}"
        for model in (*REGISTER_MODELS, *REFERENCE_MODELS, "staffcountry")
        for action in CRUD
    ]
    + ["view_all_countries"],
    # Managers read dashboards only: no register permission at all (no personal data).
    MANAGER: [],
}
