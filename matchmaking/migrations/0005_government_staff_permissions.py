"""Let the "Government staff" group see invitations to propose and expressions of interest, and
answer or withdraw them on someone's behalf in the admin (through the services), no more.

Matchmaking's other rows (resources, needs, profiles) stay the organisations' own.
The same create_permissions technique as projects/0003.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Government staff"
CODENAMES = ["view_approach", "change_approach"]


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
        *Permission.objects.filter(content_type__app_label="matchmaking", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="matchmaking", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0004_approaches_and_commitments"),
        ("accounts", "0002_government_staff_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
