import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .workshops import Workshop


class PendingImport(models.Model):
    """An uploaded sheet kept between preview and confirmation.

    Stored in the database, not under MEDIA_URL: only its uploader can reach it, through the
    checked admin views, and any app server can confirm it. Deleted on confirmation;
    uploads older than a day are purged at the next upload.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    resource = models.CharField(max_length=40, blank=True)  # "" = attendance sheet
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    create_organisations = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending import")
        default_permissions = ()

    def __str__(self) -> str:
        return self.filename
