from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from django.utils.autoreload import file_changed

        from core import recount

        from . import counters, permissions  # noqa: F401  (permissions registers the rules)
        from .models import Project
        from .selectors import forget_public_counts
        from .templatetags.project_tags import forget_project_filter_fields

        recount.register("projects", counters.check)
        file_changed.connect(forget_project_filter_fields)
        post_save.connect(forget_public_counts, sender=Project)
        post_delete.connect(forget_public_counts, sender=Project)
