from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..normalise import email_key, name_key
from ..querysets import PersonQuerySet
from .choices import Sex
from .places import Country, Organisation


class Person(models.Model):
    """Someone trained by the programme, met at a workshop, online, or both (one record)."""

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNDISCLOSED)
    year_of_birth = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1920), MaxValueValidator(2015)],
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="people", verbose_name=_("country")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    rank = models.CharField(_("rank or role"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="capability_person",
        verbose_name=_("user account"),
    )
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Lookup keys for matching on import (see capability.normalise); derived on save.
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    email_key = models.CharField(max_length=254, editable=False, db_index=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # The listing's default order, for everybody and for country staff: the page of 50
        # is read from the index instead of sorting the whole register.
        indexes = [
            models.Index(fields=["family_name", "given_name"], name="cap_person_name_idx"),
            models.Index(
                fields=["country", "family_name", "given_name"], name="cap_person_country_name_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_given=False) | models.Q(consent_date__isnull=False),
                name="capability_person_consent_dated",
            ),
            # One person per e-mail address (case-insensitive, `email_key`), where one is
            # given: a repeated import or a second confirm can never duplicate people.
            models.UniqueConstraint(
                fields=["email_key"],
                condition=~models.Q(email_key=""),
                name="capability_person_email_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def save(self, *args, **kwargs):
        self.refresh_keys()
        super().save(*args, **kwargs)

    @property
    def organisation_type(self) -> str:
        return self.organisation.get_type_display() if self.organisation_id else ""

    @property
    def full_name(self) -> str:
        return str(self)

    def clean(self):
        from django.core.exceptions import ValidationError

        if (
            self.organisation_id
            and self.country_id
            and self.organisation.country_id != self.country_id
        ):
            raise ValidationError(
                {"organisation": _("The organisation must be in the person's country.")}
            )
        key = email_key(self.email)
        if key and Person.objects.filter(email_key=key).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"email": _("Another person in the register already has this e-mail address.")}
            )

    def refresh_keys(self) -> None:
        self.name_key = name_key(self.given_name, self.family_name)
        self.email_key = email_key(self.email)
