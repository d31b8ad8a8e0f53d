from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class HelixConfig(AppConfig):
    name = "helix"
    verbose_name = _("Helix")


class HelixAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Helix's site as admin.site (helix/admin_site.py)."""

    default = False  # "helix" itself is HelixConfig
    default_site = "helix.admin_site.HelixAdminSite"
