"""Give the "Government staff" group what the staff desk needs for projects, no more.

Staff move projects along their lifecycle, decide on solutions, hide comments and resolve
reports, all through admin actions that call the services; every other row is read-only
there. The same create_permissions technique as accounts/0002.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Government staff"
PERMISSIONS = [
    ("projects", "view_project"),
    ("projects", "change_project"),
    ("projects", "view_solution"),
    ("projects", "change_solution"),
    ("projects", "view_comment"),
    ("projects", "hide_comment"),
    ("projects", "view_report"),
    ("projects", "change_report"),
    ("projects", "view_statuschange"),
    ("projects", "view_vote"),
    ("projects", "view_follow"),
    ("projects", "view_consortiumpartner"),
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
                content_type__app_label="projects",
                codename__in=[codename for _label, codename in PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_search_index"),
        ("accounts", "0002_government_staff_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
