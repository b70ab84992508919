"""Every one of the 552 regions exists from the start (inactive, no schema yet)."""

from django.db import migrations


def load_regions(apps, schema_editor):
    from regions.reference_data import load_region_records

    Region = apps.get_model("regions", "Region")
    records = load_region_records()
    existing = set(Region.objects.values_list("code", flat=True))
    provinces = [
        Region(code=r.code, name=r.name, kind=r.kind, slug=r.slug, schema_name=r.schema_name)
        for r in records
        if r.province_code is None and r.code not in existing
    ]
    Region.objects.bulk_create(provinces)
    province_ids = dict(Region.objects.filter(province__isnull=True).values_list("code", "id"))
    Region.objects.bulk_create(
        [
            Region(
                code=r.code,
                name=r.name,
                kind=r.kind,
                slug=r.slug,
                schema_name=r.schema_name,
                province_id=province_ids[r.province_code],
            )
            for r in records
            if r.province_code is not None and r.code not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
