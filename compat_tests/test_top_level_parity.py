"""Top-level names against Keras 3.15: `DTypePolicy`/`FloatDTypePolicy`,
`version()`, the `keras.preprocessing` namespace (with `smart_resize`) and
the initializer aliases."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras


def _public(module):
    return sorted(n for n in dir(module) if not n.startswith("_"))


@pytest.mark.parametrize("name", ["float32", "float64", "float16", "mixed_float16",
                                  "mixed_bfloat16", "bfloat16"])
def test_dtype_policies_match_keras(name):
    keras = real_keras()
    for cls_name in ("DTypePolicy", "FloatDTypePolicy"):
        ours, theirs = getattr(kerasish, cls_name)(name), getattr(keras, cls_name)(name)
        assert repr(ours) == repr(theirs)
        assert (ours.name, ours.compute_dtype, ours.variable_dtype, ours.quantization_mode) == (
            theirs.name, theirs.compute_dtype, theirs.variable_dtype, theirs.quantization_mode)
        assert ours.get_config() == theirs.get_config()
        assert type(ours).from_config(ours.get_config()) == ours
    assert kerasish.FloatDTypePolicy(name) == kerasish.DTypePolicy(name)
    assert keras.FloatDTypePolicy(name) == keras.DTypePolicy(name)


def test_dtype_policy_errors_match_keras():
    keras = real_keras()
    for bad, error in (("nonsense", ValueError), (3, TypeError)):
        messages = []
        for module in (kerasish, keras):
            with pytest.raises(error) as info:
                module.DTypePolicy(bad)
            messages.append(str(info.value))
        assert messages[0] == messages[1]


def test_dtype_policy_as_a_layer_dtype_matches_keras():
    keras = real_keras()
    dtypes = []
    for module in (kerasish, keras):
        layer = module.layers.Dense(2, dtype=module.DTypePolicy("float64"))
        out = layer(np.ones((1, 3), "float64"))
        dtypes.append((layer.dtype, str(np.asarray(out).dtype), layer.get_config()["dtype"]))
    assert dtypes[0] == dtypes[1]


def test_version_behaves_like_keras():
    keras = real_keras()
    assert kerasish.version() == kerasish.__version__
    assert keras.version() == keras.__version__
    assert isinstance(kerasish.version(), str)


def test_preprocessing_namespace_matches_keras():
    keras = real_keras()
    assert _public(kerasish.preprocessing) == _public(keras.preprocessing)
    assert _public(kerasish.preprocessing.image) == _public(keras.preprocessing.image)
    assert _public(kerasish.preprocessing.sequence) == _public(keras.preprocessing.sequence)


@pytest.mark.parametrize("shape,size,kwargs", [
    ((4, 6, 1), (2, 2), {}),
    ((7, 5, 3), (4, 6), {"interpolation": "nearest"}),
    ((2, 9, 4, 3), (3, 3), {"interpolation": "bicubic"}),
    ((2, 3, 8, 5), (4, 4), {"data_format": "channels_first"}),
])
def test_smart_resize_matches_keras(shape, size, kwargs):
    keras = real_keras()
    image = np.random.default_rng(0).uniform(0, 255, shape).astype("float32")
    ours = kerasish.preprocessing.image.smart_resize(image, size, **kwargs)
    theirs = keras.preprocessing.image.smart_resize(image, size, **kwargs)
    assert isinstance(ours, np.ndarray) and ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-3)


def test_smart_resize_errors_match_keras():
    keras = real_keras()
    for args in ((np.ones((4, 4)), (2, 2)), (np.ones((4, 4, 1)), (2, 2, 2))):
        messages = []
        for module in (kerasish, keras):
            with pytest.raises(ValueError) as info:
                module.preprocessing.image.smart_resize(*args)
            messages.append(str(info.value))
        assert messages[0] == messages[1]


def test_initializer_aliases_match_keras():
    keras = real_keras()
    for name in ("identity", "IdentityInitializer", "orthogonal", "OrthogonalInitializer",
                 "lecun_normal", "lecun_uniform", "variance_scaling"):
        ours, theirs = getattr(kerasish.initializers, name), getattr(keras.initializers, name)
        assert ours.__name__ == theirs.__name__, name
    identity = (kerasish.initializers.identity(gain=1.5)((3, 5)),
                np.asarray(keras.initializers.identity(gain=1.5)((3, 5))))
    np.testing.assert_array_equal(*identity)
    # (Keras's Identity config is {}: it forgets `gain`; kerasish keeps it, and Keras reads it.)
    config = kerasish.initializers.serialize(kerasish.initializers.identity(gain=1.5))
    np.testing.assert_array_equal(keras.initializers.deserialize(config)((2, 2)), 1.5 * np.eye(2))
    orthogonal = kerasish.initializers.OrthogonalInitializer(gain=2.0, seed=1)((4, 6))
    np.testing.assert_allclose(orthogonal @ orthogonal.T, 4 * np.eye(4), atol=1e-5)
