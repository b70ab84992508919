from django.conf import settings
from django.core.management.base import BaseCommand

from lumbung.demo.people import DEMO_PASSWORD, DEMO_PEOPLE, PLATFORM_ADMIN, demo_email


class Command(BaseCommand):
    help = "Print the demo logins and where to use them."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        port = options["port"]
        base = settings.BASE_DOMAIN
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
        self.stdout.write(
            f"  {'Platform admin':<22} {demo_email(PLATFORM_ADMIN[0]):<48} http://{base}:{port}/admin/"
        )
        seen = set()
        for local, _name, _position, slug, role, _opd in DEMO_PEOPLE:
            if local in seen:
                continue
            seen.add(local)
            self.stdout.write(
                f"  {role.label:<22} {demo_email(local):<48} http://{slug}.{base}:{port}/"
            )
        self.stdout.write(
            f"\nPublic site: http://{base}:{port}/   API docs: http://{base}:{port}/api/v1/docs/\n"
        )
