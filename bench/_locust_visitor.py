"""The visitor that bench/load.py sends at the server, run by locust (`locust -f` this file), not
imported by the bench.

Each simulated visitor asks for one URL (LOAD_PATH) again and again with no pause, so the number
of visitors is the number of requests in flight. The headers are those the TLS proxy in front of
the app passes (deploy/OPERATIONS.md): the site's Host, X-Forwarded-Proto and X-Forwarded-For,
and a browser's Accept-Encoding. With LOAD_CLOSE set each request comes on a new connection, as
from a proxy that keeps no connections open to the app (nginx's default).
"""

from __future__ import annotations

import os

from locust import FastHttpUser, constant, task


class PublicVisitor(FastHttpUser):
    wait_time = constant(0)
    path = os.environ.get("LOAD_PATH", "/healthz")
    headers = {
        "Host": os.environ.get("LOAD_HOST", "localhost"),
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "127.0.0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    if os.environ.get("LOAD_CLOSE"):
        headers["Connection"] = "close"

    @task
    def visit(self) -> None:
        self.client.get(self.path, headers=self.headers, name=self.path)
