"""Existing rest_framework.authtoken keys become personal tokens that accept the same key (name
"Token lama (dipindahkan)", 90 days from this migration), so integrations keep working; the
keys, kept in clear by that table, are deleted. Backwards nothing is restored: the keys' clear
text is gone, only their hashes remain."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    from accounts.personal_tokens import convert_legacy_tokens

    if getattr(schema_editor.connection, "schema_name", "public") != "public":
        return  # the tables are the public schema's (django-tenants routes shared apps there)
    convert_legacy_tokens(
        apps.get_model("authtoken", "Token"),
        apps.get_model("accounts", "PersonalToken"),
        now=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_personal_tokens"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
