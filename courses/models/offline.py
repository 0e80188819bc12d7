"""Actions a trainee took offline, received once each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfflineSubmission(models.Model):
    """One queued offline action (a lesson finished, a test answered), keyed by the UUID the
    trainee's browser gave it. The unique UUID makes a replay (a retried sync, two tabs
    syncing at once) find the first result instead of acting twice."""

    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson finished")
        TEST = "test", _("Test answered")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    uuid = models.UUIDField(unique=True, verbose_name=_("Client identifier"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offline_submissions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    payload = models.JSONField(default=dict, help_text=_("What the browser sent"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    result = models.JSONField(default=dict, help_text=_("What the trainee was told"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offline submission")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.uuid} · {self.kind} · {self.outcome}"
