from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("history", "0002_ids_64_bit")]

    operations = [
        migrations.AddField(
            model_name="change",
            name="origin",
            field=models.CharField(max_length=20, default="web"),
            preserve_default=False,
        ),
    ]
