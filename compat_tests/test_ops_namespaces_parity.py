"""Every name of Keras's `keras.ops` sub-namespaces (`numpy`, `nn`, `linalg`,
`image`: the ones Keras 3.15 makes public) exists in the matching kerasish
sub-namespace. (kerasish also keeps `ops.math` and `ops.core`, which Keras 3
has as private modules.)"""

import importlib
import types

import pytest

import kerasish
from compat_tests.helpers import real_keras

SUBNAMESPACES = ("image", "linalg", "nn", "numpy")


def test_the_subnamespaces_are_keras_public_ones():
    keras = real_keras()
    public = sorted(n for n in dir(keras.ops) if isinstance(getattr(keras.ops, n), types.ModuleType))
    assert tuple(public) == SUBNAMESPACES


def _keras_subnamespace(keras, name):
    try:
        return importlib.import_module(f"{keras.__name__}.ops.{name}")
    except ImportError:
        return None


@pytest.mark.parametrize("name", SUBNAMESPACES)
def test_every_name_of_the_keras_subnamespace_exists(name):
    keras = real_keras()
    theirs = _keras_subnamespace(keras, name)
    ours = getattr(kerasish.ops, name)
    public = [n for n in dir(theirs) if not n.startswith("_")]
    missing = [n for n in public if not hasattr(ours, n)]
    assert not missing, f"kerasish.ops.{name} lacks: {missing}"


def test_numpy_einsum_matches_keras():
    import numpy as np

    keras = real_keras()
    rng = np.random.default_rng(0)
    a = rng.normal(size=(2, 3, 4)).astype("float32")
    b = rng.normal(size=(2, 4, 5)).astype("float32")
    ours = kerasish.ops.numpy.einsum("bij,bjk->bik", a, b)
    theirs = keras.ops.numpy.einsum("bij,bjk->bik", a, b)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-6)
    assert kerasish.ops.numpy.einsum is kerasish.ops.einsum
