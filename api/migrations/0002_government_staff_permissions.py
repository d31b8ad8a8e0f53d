"""Give the "Government staff" group the admin's API key desk: see, issue and revoke keys.

Issuing and revoking go through api/services.py (the admin's add form and its revoke action);
a key's row is otherwise read-only. The same create_permissions technique as accounts/0002.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Government staff"
PERMISSIONS = [
    ("api", "view_apikey"),
    ("api", "add_apikey"),
    ("api", "change_apikey"),
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure these exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="api",
                codename__in=[codename for _label, codename in PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("accounts", "0002_government_staff_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
