"""The files of the last open-data build: one row per dataset and format, written by the
builder (services.py) once every file of the build is in storage."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    ZIP = "zip", "ZIP"


class DatasetFile(models.Model):
    dataset = models.SlugField(_("dataset"), max_length=40)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    path = models.CharField(_("file in storage"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    built_at = models.DateTimeField(_("built at"), editable=False)

    class Meta:
        verbose_name = _("open-data file")
        verbose_name_plural = _("open-data files")
        ordering = ["dataset", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "format"], name="one_file_per_dataset_format"
            )
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("opendata:file", kwargs={"dataset": self.dataset, "fmt": self.format})

    @property
    def filename(self) -> str:
        return f"helix-{self.dataset}.{self.format}"
