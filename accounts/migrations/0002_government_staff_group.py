"""Create the "Government staff" group: what provincial staff need in the admin, no more.

Staff verify organisations and moderate; they may view users but not change them (Django's
user form would let them grant themselves superuser rights). Later apps add their permissions
to the group in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Government staff"
PERMISSIONS = [
    ("accounts", "view_user"),
    ("account", "view_emailaddress"),
    ("organisations", "view_organisation"),
    ("organisations", "change_organisation"),
    ("organisations", "verify_organisation"),
    ("organisations", "view_membership"),
    ("organisations", "view_invitation"),
    ("organisations", "view_membershiprequest"),
    ("taggit", "view_tag"),
    ("taggit", "change_tag"),
]


def create_group(apps, schema_editor):
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


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("organisations", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
