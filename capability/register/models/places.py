from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import (
    AccountCountryQuerySet,
    CountryQuerySet,
    OrganisationQuerySet,
    StaffCountryQuerySet,
)
from .choices import OrganisationType


class Country(models.Model):
    """A country records belong to; staff are scoped to countries."""

    code = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        unique=True,
        help_text=_("Two-letter ISO 3166-1 code, e.g. GH."),
    )
    name = models.CharField(_("name"), max_length=100)
    is_partner = models.BooleanField(_("partner country"), default=False)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        permissions = [("view_all_countries", _("Can see and edit records of every country"))]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        super().save(*args, **kwargs)


class StaffCountry(models.Model):
    """Membership of a staff user in a country: what that user may see and edit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="capability_countries",
        verbose_name=_("user"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="staff", verbose_name=_("country")
    )

    objects = StaffCountryQuerySet.as_manager()

    class Meta:
        ordering = ["country__name", "user__username"]
        verbose_name = _("staff country")
        verbose_name_plural = _("staff countries")
        constraints = [
            models.UniqueConstraint(fields=["user", "country"], name="capability_staff_country")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.country}"


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("country")
    )
    type = models.CharField(
        _("type"), max_length=32, choices=OrganisationType.choices, default=OrganisationType.OTHER
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name_key"], name="capability_organisation_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})" if self.country_id else self.name

    def save(self, *args, **kwargs):
        from ..normalise import name_key

        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class AccountCountry(models.Model):
    """The country a trainee's account belongs to, recorded when the account is made
    (invitation, bulk invitation, self-registration) or from its register entry.

    Country scoping reads it for accounts with no register entry (a linked person's own
    country wins): an account without either is seen by programme staff only.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="capability_account_country",
        verbose_name=_("user"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("country")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    objects = AccountCountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("account country")
        verbose_name_plural = _("account countries")

    def __str__(self) -> str:
        return f"{self.user} · {self.country}"
