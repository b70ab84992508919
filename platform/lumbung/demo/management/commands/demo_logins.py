import base64

from django.conf import settings
from django.core.management.base import BaseCommand

from lumbung.demo.calls import JURY
from lumbung.demo.calls import REGION as CALL_REGION
from lumbung.demo.people import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    PLATFORM_ADMIN,
    PLATFORM_ADMIN_TOTP_KEY,
    demo_email,
)


def current_code() -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(PLATFORM_ADMIN_TOTP_KEY)):06d}"


class Command(BaseCommand):
    help = "Print the demo logins and where to use them."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument(
            "--code",
            action="store_true",
            help="Print only the demo platform admin's current second-factor code",
        )

    def handle(self, *args, **options):
        if options["code"]:
            self.stdout.write(current_code())
            return
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
        for local, _name, _kind, _institution in JURY:
            self.stdout.write(
                f"  {'Juri':<22} {demo_email(local):<48} http://{CALL_REGION}.{base}:{port}/sayembara/juri/"
            )
        key = base64.b32encode(bytes.fromhex(PLATFORM_ADMIN_TOTP_KEY)).decode()
        self.stdout.write(
            "\nThe platform admin confirms each sign-in with a code: add the key "
            f"{key} to an authenticator app, or run `manage.py demo_logins --code`.\n"
        )
        self.stdout.write(
            f"\nPublic site: http://{base}:{port}/   API docs: http://{base}:{port}/api/v1/docs/\n"
        )
