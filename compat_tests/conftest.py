"""compat_tests compare kerasish with real Keras (from tensorflow-cpu).

Without TensorFlow they skip, unless CI is set to any true value (`true`, `1`,
`yes`: CI services differ) or KERASISH_REQUIRE_TF=1: there a missing TensorFlow,
or a missing tf_keras (Keras 2, for the legacy-file tests), is an error, so the
parity suite can never silently stop running."""

import functools
import importlib.util
import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
from tests.ci_env import IN_CI, env_flag

REQUIRED = IN_CI or env_flag("KERASISH_REQUIRE_TF")


@functools.cache
def real_keras_import_error():
    """None when TensorFlow and Keras import, else the ImportError. Imported on
    first need, not with this file: pytest-xdist's controller process loads it
    but runs no test, and importing TensorFlow there would delay the workers'
    start by seconds."""
    try:
        import keras  # noqa: F401
        import tensorflow  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the machine
        return error
    return None


# Looked up, not imported: importing Keras 2 costs seconds that only its own tests should pay.
HAVE_TF_KERAS = importlib.util.find_spec("tf_keras") is not None


def pytest_configure(config):
    """Under CI a package that is not installed stops the run here, before any
    test starts: pytest-xdist would turn an error raised in its workers'
    collection into an INTERNALERROR that hides the message."""
    if not REQUIRED:
        return
    if not HAVE_TF_KERAS:
        raise pytest.UsageError(
            "compat_tests need tf_keras (Keras 2) under CI for the legacy-file tests: "
            'pip install --no-deps "tf_keras==2.21.*"'
        )
    missing = [name for name in ("tensorflow", "keras") if importlib.util.find_spec(name) is None]
    if missing:
        raise pytest.UsageError("compat_tests need TensorFlow/Keras under CI, but these are not "
                                f"installed: {', '.join(missing)}: pip install '.[test]'")


def pytest_collection_modifyitems(config, items):
    import_error = real_keras_import_error()
    if import_error is None:
        return
    if REQUIRED:
        raise pytest.UsageError(
            f"compat_tests need TensorFlow/Keras under CI, but importing them failed: {import_error}"
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
    if real_keras_import_error() is None:
        from compat_tests.helpers import reset_names

        reset_names()


@pytest.fixture
def example_instance():
    """Builds any built-in class with example values for its required arguments."""
    from tests.example_builders import build_example

    return build_example
