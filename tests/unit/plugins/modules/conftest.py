"""The module tests run their waits in real time, against a loopback server that answers at once.

They poll every few hundredths of a second, below the floor users get (options.MIN_POLL_INTERVAL,
tested in tests/unit/plugins/module_utils/test_module.py), so that a wait takes milliseconds.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ansible_collections.rediscloud.api.plugins.module_utils.options.MIN_POLL_INTERVAL", 0.01)
