"""Kept aggregates of how the sectors work together: what the dashboard reads instead of the
projects, solutions, partnerships and supports themselves.

Each published project contributes a handful of `Tally` rows (counts per metric, month, theme,
district, sectors and one extra key); its contribution is stored on its `ProjectInsight` row, so a
refresh after a change adds only the difference (tallies.py). `manage.py recount` compares both
with a full recount.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import District
from projects.models import Project, Theme


class Metric(models.TextChoices):
    PROJECT = "project", _("Projects published")
    SOLUTION = "solution", _("Solutions proposed")
    CONSORTIUM = "consortium", _("Consortia formed")
    PARTNERSHIP = "partnership", _("Partnerships (lead and partner)")
    DECISION = "decision", _("Decisions made")
    FIRST_SOLUTION = "first_solution", _("Days from publication to the first solution")
    SUPPORT = "support", _("Supports")


class Tally(models.Model):
    """A count of one metric in one cell: month x theme x district x sectors x extra.

    `sectors` is a bit mask of the sectors involved (government 1, enterprise 2, academia 4,
    community 8): a project's or a solution's, a partnership's two ends, a support's sector.
    `extra` is the metric's own key: a project's status, a partnership's lead x partner pair,
    a number of days (decisions, first solutions).
    """

    metric = models.CharField(_("metric"), max_length=16, choices=Metric.choices)
    month = models.DateField(_("month"))
    theme = models.CharField(_("theme"), max_length=24, choices=Theme.choices)
    district = models.CharField(_("district"), max_length=20, choices=District.choices)
    sectors = models.PositiveSmallIntegerField(_("sectors"))
    extra = models.IntegerField(_("key"), default=0)
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "month", "theme", "district", "sectors", "extra"],
                name="one_tally_per_cell",
            )
        ]
        indexes = [models.Index(fields=["month", "theme", "district"])]

    def __str__(self) -> str:
        return f"{self.metric} {self.month:%Y-%m} {self.theme} {self.district}: {self.count}"


class ProjectInsight(models.Model):
    """What one project adds to the tallies, and the sectors it joins (for its page and for the
    dashboard's list of projects that join all four)."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="insight"
    )
    sectors = models.PositiveSmallIntegerField(_("sectors involved"), default=0)
    # {sector: {"owner": n, "lead": n, "partner": n}}
    roles = models.JSONField(default=dict)
    # [[metric, "YYYY-MM-DD", theme, district, sectors, extra, count], ...]
    contribution = models.JSONField(default=list)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project insight")
        verbose_name_plural = _("project insights")
        indexes = [models.Index(fields=["sectors"])]

    def __str__(self) -> str:
        return str(self.project_id)
