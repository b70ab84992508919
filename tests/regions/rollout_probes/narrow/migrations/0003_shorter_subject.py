from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("history", "0002_ids_64_bit")]

    operations = [
        migrations.AlterField(
            model_name="change", name="subject", field=models.CharField(max_length=8)
        ),
    ]
