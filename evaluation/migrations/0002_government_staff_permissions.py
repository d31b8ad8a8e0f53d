"""Give the "Government staff" group the evaluations in the staff desk: see rubrics, reviewers,
assignments, declarations, scores and rationales, and reassign reviewers (through the services;
the rows are otherwise read-only). The same create_permissions technique as api/0002."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Government staff"
PERMISSIONS = [
    *(
        ("evaluation", f"view_{model}")
        for model in (
            "rubric",
            "criterion",
            "reviewer",
            "assignment",
            "declaration",
            "score",
            "rationale",
        )
    ),
    ("evaluation", "change_reviewer"),
]


def grant(apps, schema_editor):
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
                content_type__app_label="evaluation",
                codename__in=[codename for _label, codename in PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("accounts", "0002_government_staff_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
