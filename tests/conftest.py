"""Fixtures shared by the unit tests."""

import pytest


@pytest.fixture
def example_instance():
    """Builds any built-in class with example values for its required arguments."""
    from tests.example_builders import build_example

    return build_example
