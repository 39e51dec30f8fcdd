"""`ops.pad`'s modes: constant, reflect and symmetric padding give what
np.pad gives, their gradients match finite differences (a mirrored
element's gradient goes back to the element it copies), and other modes or
a constant with a mirror mode are refused in Keras's words."""

import numpy as np
import pytest

import kerasish as keras
from layer_checks import check_op_gradients

CASES = [
    ((5,), 2),                                  # one axis, the same width both sides
    ((3, 4), ((1, 2), (2, 0))),
    ((2, 5, 4, 3), ((0, 0), (2, 1), (1, 3), (0, 0))),  # an image batch, spatial axes only
    ((3, 3), ((2, 2), (2, 2))),                 # widths equal to the dimension minus one
]


@pytest.mark.parametrize("mode", ["reflect", "symmetric", "constant"])
@pytest.mark.parametrize("shape, pad_width", CASES)
def test_pad_gives_what_numpy_gives(mode, shape, pad_width):
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    expected = np.pad(x, pad_width, mode=mode)
    result = keras.ops.pad(x, pad_width, mode=mode)
    assert result.dtype == np.float32
    np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize("mode", ["reflect", "symmetric"])
@pytest.mark.parametrize("shape, pad_width", CASES)
def test_mirrored_padding_gradients_match_finite_differences(mode, shape, pad_width):
    x = np.random.default_rng(1).normal(size=shape)
    check_op_gradients(lambda a: keras.ops.pad(a, pad_width, mode=mode), x)


def test_mode_is_taken_in_any_case():
    x = np.arange(3, dtype="float32")
    np.testing.assert_array_equal(keras.ops.pad(x, 1, mode="REFLECT"), [1, 0, 1, 2, 1])
    np.testing.assert_array_equal(keras.ops.pad(x, 1, mode="Symmetric"), [0, 0, 1, 2, 2])


def test_unknown_modes_and_constants_with_mirrors_are_refused():
    x = np.ones((2, 2), "float32")
    with pytest.raises(ValueError, match=r'one of "CONSTANT", "REFLECT", or "SYMMETRIC"\. '
                                         r"Received `mode` = edge"):
        keras.ops.pad(x, 1, mode="edge")
    with pytest.raises(ValueError, match=r"`constant_values` can only be provided when "
                                         r"`mode == 'constant'`\. Received: mode=reflect"):
        keras.ops.pad(x, 1, mode="reflect", constant_values=1.0)


def test_reflection_padding_in_a_functional_model_trains():
    """The CycleGAN example's reflection padding, written with ops."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input((8, 8, 3))
    x = keras.ops.pad(inputs, ((0, 0), (1, 1), (1, 1), (0, 0)), mode="reflect")
    x = keras.layers.Conv2D(4, 3, padding="valid")(x)
    outputs = keras.layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, outputs)
    assert model.output.shape == (None, 4)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(2)
    images, targets = rng.normal(size=(8, 8, 8, 3)), rng.normal(size=(8, 4))
    history = model.fit(images, targets, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
