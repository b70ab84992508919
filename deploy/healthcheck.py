#!/usr/bin/env python3
"""Container health check of the web role (the Dockerfile's HEALTHCHECK). Standard library only.

GET http://127.0.0.1:<port>/healthz with `Host: $BASE_DOMAIN`, so the request reaches the public
site whatever ALLOWED_HOSTS and the region routing say. `X-Forwarded-Proto: https` stands in for
the TLS proxy, so SECURE_SSL_REDIRECT does not answer with a redirect (Django trusts that header
with BEHIND_TLS_PROXY; gunicorn also trusts it from 127.0.0.1). Redirects are never followed: a
redirect means /healthz was not reached, and counts as a failure.

Exit 0 when /healthz answers 200 (status ok, or degraded: no worker, pages still work); exit 1
on 503 (down: database or Redis unreachable), any other answer, or no answer at all.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx then surfaces as an HTTPError


def port_from_bind(bind: str) -> str:
    """The port of gunicorn's --bind (entrypoint.sh: BIND, default 0.0.0.0:8000)."""
    port = bind.rsplit(":", 1)[-1]
    return port if port.isdigit() else "8000"


def _summary(raw: bytes) -> str:
    return " ".join(raw.decode("utf-8", "replace").split())[:300]


def main() -> int:
    port = port_from_bind(os.environ.get("BIND", "0.0.0.0:8000"))
    host = os.environ.get("BASE_DOMAIN", "localhost")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host, "X-Forwarded-Proto": "https", "Accept": "application/json"},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=8) as response:
            print(response.status, _summary(response.read(2000)))
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(error.code, _summary(error.read(2000)))
        return 1
    except (OSError, ValueError) as error:
        print(f"no answer from 127.0.0.1:{port}/healthz: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
