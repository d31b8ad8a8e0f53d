"""Let the "Government staff" group see webhook endpoints, deliveries and attempts, no more.

Staff follow what is sent to partner systems from the staff desk; endpoints and their secrets
are the organisations' own, managed on the site. The same create_permissions technique as
projects/0003.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Government staff"
CODENAMES = ["view_webhookendpoint", "view_webhookdelivery", "view_webhookattempt"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure these exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="webhooks", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="webhooks", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("accounts", "0002_government_staff_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
