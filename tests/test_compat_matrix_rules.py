"""The rules by which docs/compat_matrix.py marks a Keras name parity-tested:
a word that merely resembles a name must not count."""

import importlib.util
import os

import pytest

_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "docs", "compat_matrix.py")
_SPEC = importlib.util.spec_from_file_location("compat_matrix", _PATH)
compat_matrix = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(compat_matrix)


def _tested(name, test_names=(), spelled=(), shared=(), is_module=False):
    return compat_matrix.is_tested(name, is_module, set(test_names), set(spelled), set(shared))


@pytest.mark.parametrize("name, spelled, expected", [
    ("ReLU", {"relu"}, False),          # `Dense[relu]` is the activation, not the layer
    ("relu", {"relu"}, True),
    ("poisson", {"Poisson"}, False),    # the metric class is not the function
    ("Poisson", {"Poisson"}, True),
])
def test_parameters_must_spell_the_name_exactly(name, spelled, expected):
    assert _tested(name, spelled=spelled) is expected


@pytest.mark.parametrize("name, test_name, expected", [
    ("EarlyStopping", "test_early_stopping_matches_keras", True),
    ("is_tensor", "test_shape_dtype_and_is_tensor_match_keras", True),
    ("Layer", "test_layer_config_matches_keras", False),
])
def test_test_names_may_name_it_in_snake_case(name, test_name, expected):
    assert _tested(name, test_names={test_name}) is expected


def test_a_module_counts_only_through_shared_code():
    assert not _tested("numpy", test_names={"test_convert_to_numpy"}, spelled={"numpy"},
                       is_module=True)
    assert _tested("numpy", shared={"numpy"}, is_module=True)
