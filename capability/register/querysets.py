"""Named reads of the register. `for_user(user)` is the one country-scoping rule.

Every admin listing, inspect/edit/delete view, form choice, export and import goes through
`Model.objects.for_user(user)`:

- anonymous or inactive users see nothing;
- superusers and holders of `capability.view_all_countries` (Programme staff) see everything;
- anybody else sees the records of the countries they are a `StaffCountry` member of:
  organisations, people and workshops by their own country, attendance and evidence by the
  country of the person they are about (personal data follows the person).
"""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from ctps_common.writes import SignallingQuerySet

VIEW_ALL_COUNTRIES = "capability.view_all_countries"


def country_ids_for(user) -> set[int] | None:
    """Ids of the countries `user` may see; None means every country. Cached on the user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_capability_country_ids", False)
    if cached is not False:
        return cached
    if user.is_superuser or user.has_perm(VIEW_ALL_COUNTRIES):
        ids = None
    else:
        from .models import StaffCountry

        ids = set(StaffCountry.objects.filter(user=user).values_list("country_id", flat=True))
    user._capability_country_ids = ids
    return ids


def users_for(user, queryset):
    """The accounts of `queryset` that `user` may see: those of the user's countries.

    An account's country is its register entry's (Person) when it has one, else the country
    recorded for the account (`AccountCountry`: invitation, self-registration, profile), else
    its staff countries. An account with none of them is seen only by those who see every
    country (programme staff), and staff of another country stay hidden whatever they are.
    """
    from .models import StaffCountry

    ids = country_ids_for(user)
    if ids is None:
        return queryset
    if not ids:
        return queryset.none()
    unlinked = Q(capability_person__isnull=True)
    no_account_country = Q(capability_account_country__isnull=True)
    staff_of = StaffCountry.objects.filter(user=OuterRef("pk"))
    belongs = (
        Q(capability_person__country__in=ids)
        | (unlinked & Q(capability_account_country__country__in=ids))
        | (unlinked & no_account_country & Exists(staff_of.filter(country__in=ids)))
    )
    return queryset.filter(belongs).exclude(Exists(staff_of.exclude(country__in=ids)))


class ScopedQuerySet(SignallingQuerySet):
    """A queryset whose rows belong to a country reached through `country_path`.

    Its bulk writes (update, bulk_create, bulk_update) send `ctps_common.writes.bulk_written`,
    so the caches built on these rows (the results' dashboards) see them too.
    """

    country_path = "country"

    def for_user(self, user):
        """Only the rows of the countries `user` may see."""
        ids = country_ids_for(user)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(**{f"{self.country_path}__in": ids})


class CountryQuerySet(ScopedQuerySet):
    country_path = "pk"

    def partners(self):
        return self.filter(is_partner=True)


class StaffCountryQuerySet(ScopedQuerySet):
    pass


class AccountCountryQuerySet(ScopedQuerySet):
    pass


def count_of(queryset, field: str):
    """A correlated COUNT subquery: the number of rows of `queryset` whose `field` is the row.

    Unlike `Count()` over a join, it needs no GROUP BY over the whole table: the database
    counts for the rows of the page only, and the paginator's COUNT leaves it out.
    """
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class OrganisationQuerySet(ScopedQuerySet):
    def with_people_count(self):
        from .models import Person

        return self.annotate(people_count=count_of(Person.objects.all(), "organisation"))

    def for_listing(self):
        """What the admin listing and exports show, in a fixed number of queries."""
        return self.select_related("country").with_people_count()


class PersonQuerySet(ScopedQuerySet):
    def for_listing(self):
        """What the admin listing and exports show, in a fixed number of queries."""
        return self.select_related("country", "organisation", "organisation__country")


class WorkshopQuerySet(ScopedQuerySet):
    def for_listing(self):
        """What the admin listing and exports show, in a fixed number of queries."""
        from .models import Attendance

        return self.select_related("country").annotate(
            attendance_count=count_of(Attendance.objects.all(), "workshop")
        )


class AttendanceQuerySet(ScopedQuerySet):
    country_path = "person__country"

    def for_listing(self):
        return self.select_related(
            "person", "person__organisation", "person__country", "workshop", "workshop__country"
        )

    def trainers(self):
        return self.filter(role="trainer")

    def participants(self):
        return self.filter(role="participant")


class EvidenceQuerySet(ScopedQuerySet):
    country_path = "person__country"

    def for_listing(self):
        return self.select_related("person", "person__country", "competency", "workshop")

    def current_levels(self):
        """Current level per (person, competency): the highest level ever evidenced.

        Levels are never lowered by a later, weaker piece of evidence (a refresher course
        at level 1 does not undo a trainer certification). Returns dicts with `person`,
        `competency`, `level`; use `.filter(person=...)` or `.for_user(...)` first.
        """
        return (
            self.order_by()
            .values("person", "competency")
            .annotate(level=Max("level"))
            .order_by("person", "competency")
        )

    def current_levels_by_competency(self):
        """Same rule as `current_levels`, one row per competency with its code and name."""
        return (
            self.order_by()
            .values("competency_id", "competency__code", "competency__name")
            .annotate(level=Max("level"))
            .order_by("competency__code")
        )
