"""compat_tests compare kerasish with real Keras (from tensorflow-cpu).

Without TensorFlow they skip, unless CI=true or KERASISH_REQUIRE_TF=1: there
a missing TensorFlow is an error, so the parity suite can never silently
stop running."""

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

REQUIRED = os.environ.get("CI", "").lower() == "true" or os.environ.get("KERASISH_REQUIRE_TF") == "1"

try:
    import keras as real_keras  # noqa: F401
    import tensorflow  # noqa: F401

    HAVE_TF = True
except ImportError as error:  # pragma: no cover - depends on the machine
    HAVE_TF = False
    IMPORT_ERROR = error


def pytest_collection_modifyitems(config, items):
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


@pytest.fixture
def example_instance():
    """Builds any built-in class with example values for its required arguments."""
    from tests.example_builders import build_example

    return build_example
