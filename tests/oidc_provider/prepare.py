"""Set up the test identity provider's database: tables, a signing key, one client (the
platform) and its people. Run in the provider's own process:
`python -m tests.oidc_provider.prepare '<json>'`."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oidc_provider.models import Client, ResponseType  # noqa: E402


def main(spec: dict) -> None:
    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    client = Client.objects.create(
        name="Lumbung Inovasi",
        client_type="confidential",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        redirect_uris=spec["redirect_uris"],
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=True,
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    for person in spec["people"]:
        User.objects.create_user(
            username=person["username"],
            email=person["email"],
            password=person["password"],
            first_name=person.get("name", ""),
            last_name="(belum diverifikasi)" if not person.get("email_verified", True) else "",
        )


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
