import platform
import sys

import pytest

from kerasish.backend import memory


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="mallopt settings are glibc's",
)
def test_glibc_accepts_the_settings(monkeypatch):
    for name in memory._ENVIRONMENT_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    assert memory.keep_freed_memory_for_reuse() is True


def test_the_users_own_malloc_settings_win(monkeypatch):
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "1000000")
    assert memory.keep_freed_memory_for_reuse() is False
