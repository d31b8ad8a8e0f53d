from django.contrib import admin
from django.contrib.sites.models import Site
from django.utils.translation import gettext_noop

# The one Sites record follows the settings after every migrate (helix.apps.sync_site): an edit
# on the staff desk would not last, so the desk does not offer it.
admin.site.unregister(Site)

# Strings of Django's admin that its Vietnamese catalogue lacks; Helix's catalogue has them.
ADMIN_STRINGS = (
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
)
