from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from taggit import apps as taggit_apps


class HelixConfig(AppConfig):
    name = "helix"
    verbose_name = _("Helix")

    def ready(self):
        post_migrate.connect(sync_site, dispatch_uid="helix_sync_site")

        from . import home, my_helix_cache, project_pages

        home.connect()
        project_pages.connect()
        my_helix_cache.connect()


class TagsConfig(taggit_apps.TaggitAppConfig):
    """django-taggit under a translated name: the staff desk showed its raw label "TAGGIT"."""

    default = False
    verbose_name = _("Tags")


def sync_site(*, using="default", apps=None, **kwargs) -> None:
    """Keep the Sites framework's record equal to HELIX_SITE_NAME and HELIX_SITE_URL's host.

    allauth names the site in every email from it; Django's own default ("example.com") or an
    empty record would put a wrong or blank name and address into them.
    """
    try:
        Site = apps.get_model("sites", "Site")
    except (AttributeError, LookupError):  # no app registry given, or no Sites framework
        return
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={
            "domain": urlsplit(settings.HELIX_SITE_URL).netloc or "localhost",
            "name": settings.HELIX_SITE_NAME,
        },
    )


class HelixAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Helix's site as admin.site (helix/admin_site.py)."""

    default = False  # "helix" itself is HelixConfig
    default_site = "helix.admin_site.HelixAdminSite"
