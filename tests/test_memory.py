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


_PROBE = """
import ctypes
calls = []
class Recorder:
    def __init__(self, *args, **kwargs):
        pass
    def mallopt(self, *args):
        calls.append(args)
        return 1
ctypes.CDLL = Recorder
import kerasish
print(len(calls))
"""


@pytest.mark.parametrize("setting, expected_calls", [(None, "0"), ("1", "2")])
def test_importing_kerasish_leaves_malloc_alone_unless_asked(monkeypatch, setting, expected_calls):
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in memory._ENVIRONMENT_SETTINGS}
    env.pop("KERASISH_REUSE_FREED_MEMORY", None)
    if setting is not None:
        env["KERASISH_REUSE_FREED_MEMORY"] = setting
    if not sys.platform.startswith("linux"):
        pytest.skip("mallopt is only called on Linux")
    output = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                            text=True, check=True).stdout
    assert output.strip().splitlines()[-1] == expected_calls


_FIT_PROBE = _PROBE.replace("print(len(calls))", """
import numpy as np
print(len(calls))
model = kerasish.Sequential([kerasish.Input((2,)), kerasish.layers.Dense(1)])
model.compile("sgd", "mse")
model.predict(np.ones((2, 2), "float32"), verbose=0)
print(len(calls))
for _ in range(2):
    model.fit(np.ones((2, 2), "float32"), np.ones((2, 1), "float32"), verbose=0)
print(len(calls))
""")


@pytest.mark.parametrize("setting, expected", [(None, ["0", "0", "2"]), ("0", ["0", "0", "0"])])
def test_the_first_fit_asks_malloc_to_reuse_memory_unless_told_not_to(setting, expected):
    import os
    import subprocess

    if not sys.platform.startswith("linux"):
        pytest.skip("mallopt is only called on Linux")
    env = {k: v for k, v in os.environ.items() if k not in memory._ENVIRONMENT_SETTINGS}
    env.pop("KERASISH_REUSE_FREED_MEMORY", None)
    if setting is not None:
        env["KERASISH_REUSE_FREED_MEMORY"] = setting
    output = subprocess.run([sys.executable, "-c", _FIT_PROBE], env=env, capture_output=True,
                            text=True, check=True).stdout
    # import, then predict: untouched; fit (twice): two mallopt calls, once
    assert output.strip().splitlines()[-3:] == expected
