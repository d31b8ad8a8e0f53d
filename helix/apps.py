from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelixConfig(AppConfig):
    name = "helix"
    verbose_name = _("Helix")
