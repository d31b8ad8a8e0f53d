from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from django.utils.autoreload import file_changed

        from . import permissions  # noqa: F401  (registers the rules)
        from .templatetags.project_tags import forget_project_filter_fields

        file_changed.connect(forget_project_filter_fields)
