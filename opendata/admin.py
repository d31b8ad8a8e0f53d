from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.admin import ServiceOnlyAdminMixin

from .models import DatasetFile
from .tasks import build_open_data


@admin.register(DatasetFile)
class DatasetFileAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    """The last build's files, and a button that builds them again now (through the worker)."""

    list_display = ("filename", "rows", "size_display", "built_at")
    change_list_template = "admin/opendata/datasetfile/change_list.html"

    @admin.display(description=gettext_lazy("size"), ordering="size")
    def size_display(self, obj: DatasetFile) -> str:
        return filesizeformat(obj.size)

    def has_module_permission(self, request) -> bool:
        # The staff desk's index lists the app for whoever the rule lets see the files.
        return request.user.has_perm("opendata.view_datasetfile")

    def build_view(self, request):
        if not request.user.has_perm("opendata.build"):
            raise PermissionDenied
        build_open_data.delay_on_commit()
        messages.success(
            request,
            _(
                "The open data is being built. Reload this page in a few minutes to see the "
                "new files."
            ),
        )
        return redirect("admin:opendata_datasetfile_changelist")

    def get_urls(self):
        build = path(
            "build/",
            self.admin_site.admin_view(require_POST(self.build_view)),
            name="opendata_datasetfile_build",
        )
        return [build, *super().get_urls()]
