from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="user")
class CoursesSettings(BaseSiteSetting):
    allow_self_registration = models.BooleanField(
        default=False,
        verbose_name=_("Allow self-registration"),
        help_text=_("Visitors may ask for an account; staff approve each request."),
    )

    class Meta:
        verbose_name = _("courses settings")
