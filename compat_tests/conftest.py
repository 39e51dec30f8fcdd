"""compat_tests compare kerasish with real Keras (from tensorflow-cpu).

Without TensorFlow they skip, unless CI is set to any true value (`true`, `1`,
`yes`: CI services differ) or KERASISH_REQUIRE_TF=1: there a missing TensorFlow,
or a missing tf_keras (Keras 2, for the legacy-file tests), is an error, so the
parity suite can never silently stop running."""

import importlib.util
import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
from tests.ci_env import IN_CI, env_flag

REQUIRED = IN_CI or env_flag("KERASISH_REQUIRE_TF")

try:
    import keras as real_keras  # noqa: F401
    import tensorflow  # noqa: F401

    HAVE_TF = True
except ImportError as error:  # pragma: no cover - depends on the machine
    HAVE_TF = False
    IMPORT_ERROR = error

# Looked up, not imported: importing Keras 2 costs seconds that only its own tests should pay.
HAVE_TF_KERAS = importlib.util.find_spec("tf_keras") is not None


def pytest_collection_modifyitems(config, items):
    if REQUIRED and not HAVE_TF_KERAS:
        raise pytest.UsageError(
            "compat_tests need tf_keras (Keras 2) under CI for the legacy-file tests: "
            'pip install --no-deps "tf_keras==2.21.*"'
        )
    if HAVE_TF:
        return
    if REQUIRED:
        raise pytest.UsageError(
            f"compat_tests need TensorFlow/Keras under CI, but importing them failed: {IMPORT_ERROR}"
        )
    skip = pytest.mark.skip(reason="TensorFlow/Keras not installed: pip install '.[test]'")
    for item in items:
        if "compat_tests" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def fresh_automatic_names():
    """Every compat test starts both libraries' automatic names (`dense`,
    `dense_1`, ...) from zero, so names compare whatever ran before it in its
    process: pytest-xdist hands each worker the test files in a varying order."""
    if HAVE_TF:
        from compat_tests.helpers import reset_names

        reset_names()


@pytest.fixture
def example_instance():
    """Builds any built-in class with example values for its required arguments."""
    from tests.example_builders import build_example

    return build_example
