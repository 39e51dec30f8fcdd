"""Every name of Keras's `keras.ops` sub-namespaces (`numpy`, `nn`, `linalg`,
`image`, and `math`/`core` when the installed Keras has them) exists in the
matching kerasish sub-namespace, and is the same function as the top-level
`kerasish.ops` name where Keras's is the same as its top-level name."""

import importlib

import pytest

import kerasish
from compat_tests.helpers import real_keras

SUBNAMESPACES = ("numpy", "nn", "linalg", "image", "math", "core")


def _keras_subnamespace(keras, name):
    try:
        return importlib.import_module(f"{keras.__name__}.ops.{name}")
    except ImportError:
        return None


@pytest.mark.parametrize("name", SUBNAMESPACES)
def test_every_name_of_the_keras_subnamespace_exists(name):
    keras = real_keras()
    theirs = _keras_subnamespace(keras, name)
    if theirs is None:
        pytest.skip(f"keras.ops.{name} is not a public module in Keras {keras.__version__}")
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
