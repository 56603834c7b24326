from django.db import migrations


def create_policy(apps, schema_editor):
    SecurityPolicy = apps.get_model("accounts", "SecurityPolicy")
    SecurityPolicy.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
