"""Checks shared by the robustness tests: what counts as a clear error."""

import traceback
import warnings

from hypothesis import HealthCheck, settings

# Derandomized (the same examples on every run, no example database) and
# bounded so that each property takes a few seconds.
FUZZ = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def call(fn):
    """Returns (result, None) or (None, error), with NumPy warnings silenced:
    what matters here is what reaches the user as a result or an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(), None
        except Exception as error:  # noqa: BLE001 - the test inspects it
            return None, error


def assert_clear_error(error, *names):
    """A ValueError/TypeError raised by kerasish code whose message names one of
    the arguments (or the layer) concerned."""
    assert isinstance(error, (ValueError, TypeError)), repr(error)
    origin = traceback.extract_tb(error.__traceback__)[-1].filename.replace("\\", "/")
    assert "/kerasish/" in origin, f"raised inside {origin}: {error!r}"
    message = str(error)
    assert any(name in message for name in names), message
