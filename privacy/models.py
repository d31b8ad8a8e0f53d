"""A person's copy of their own data: built by a task, kept in the database (never in the
public media folder), downloadable only by them, for a few days."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPORT_DAYS = 7


def _expiry():
    return timezone.now() + timedelta(days=EXPORT_DAYS)


class DataExport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")

    # The link's part that cannot be guessed; the view also checks that it is the owner's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    content = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=_expiry)

    class Meta:
        verbose_name = _("copy of a person's data")
        verbose_name_plural = _("copies of people's data")
        ordering = ["-created"]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("privacy:download", kwargs={"pk": self.pk})

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
