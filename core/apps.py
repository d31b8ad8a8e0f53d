from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Helix")

    def ready(self):
        from .folding import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="helix_sqlite_fold")
