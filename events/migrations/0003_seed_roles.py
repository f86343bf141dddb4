from django.db import migrations

ROLES = {
    "owner": "Owner",
    "organizer": "Organizer",
    "coorganizer": "Co-Organizer",
    "track_organizer": "Track Organizer",
    "moderator": "Moderator",
    "registrar": "Registrar",
    "attendee": "Attendee",
}


def seed(apps, schema_editor):
    Role = apps.get_model("events", "Role")
    for name, title in ROLES.items():
        Role.objects.get_or_create(name=name, defaults={"title_name": title})


class Migration(migrations.Migration):
    dependencies = [("events", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
