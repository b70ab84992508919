from __future__ import annotations

import pytest

from tests.webhooks.receiver import start


@pytest.fixture
def receiver():
    receiver = start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()
