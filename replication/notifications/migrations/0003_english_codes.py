"""Stored codes in English (issue #14): the e-mail preference. Labels stay Indonesian."""

from django.db import migrations, models


EMAIL = {'langsung': 'immediate', 'harian': 'daily', 'tidak': 'none'}


def english(apps, schema_editor, forward: bool = True) -> None:
    settings_model = apps.get_model("notifications", "NotificationSettings")
    for old, new in EMAIL.items():
        source, target = (old, new) if forward else (new, old)
        settings_model.objects.filter(email=source).update(email=target)


def indonesian(apps, schema_editor) -> None:
    english(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_notification_source'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notificationsettings',
            name='email',
            field=models.CharField(choices=[('immediate', 'Langsung, setiap ada kejadian'), ('daily', 'Ringkasan harian'), ('none', 'Tidak usah dikirim e-mail')], default='immediate', max_length=10, verbose_name='e-mail notifikasi'),
        ),
        migrations.RunPython(english, indonesian),
    ]
