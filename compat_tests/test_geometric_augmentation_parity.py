"""The geometric and mixing augmentation layers (RandomShear,
RandomPerspective, RandomElasticTransform, RandomGaussianBlur,
RandomErasing, CutMix, MixUp, MaxNumBoundingBoxes), HashedCrossing and
`keras.utils.bounding_boxes` against real Keras 3.

Random streams differ between the libraries, so values are compared where
the output is determined: degenerate factors, a fixed blur, the two
possible shears of a fixed amount, hashing, box padding and conversions.
Elsewhere the tests check what any draw must satisfy.

`GEOMETRIC_AUGMENTATION_CASES` join the LAYERS table of
test_layers_parity.py (identity settings, so outputs and gradients compare).
"""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, Tolerance, assert_close, real_keras
from compat_tests.test_preprocessing_parity import LayerCase

# Geometric sampling is a weighted sum of up to 4 pixels per output pixel.
SAMPLING = Tolerance(1e-5, 1e-5, "float32 weighted sums of pixels, another summation order")

GEOMETRIC_AUGMENTATION_CASES = [
    LayerCase("RandomShear[zero]", lambda m: m.layers.RandomShear(0.0, 0.0), (2, 5, 4, 2)),
]


def both(factory):
    return factory(kerasish), factory(real_keras())


def outputs(layer, x, **kwargs):
    result = layer(x, **kwargs)
    return np.asarray(getattr(result, "value", result))


def assert_same_config(ours, theirs):
    our_config, their_config = ours.get_config(), theirs.get_config()
    our_config.pop("name"), their_config.pop("name")
    assert list(our_config) == list(their_config)
    assert our_config == their_config


# --------------------------------------------------------------- RandomShear
GEOMETRIC_OPTIONS = [(fill, interp) for fill in ("reflect", "wrap", "constant", "nearest")
                     for interp in ("bilinear", "nearest")]


def _both_shears(layer, x, x_shear, y_shear):
    """Our output for the shear (x_shear, y_shear) and for its negation."""
    batch = x.shape[0]
    candidates = []
    for sign in (1.0, -1.0):
        shears = np.tile(np.float32([x_shear * sign, y_shear * sign]), (batch, 1))
        transformation = {"shear_factor": shears, "input_shape": x.shape}
        candidates.append(np.asarray(layer.transform_images(x, transformation)))
    return candidates


@pytest.mark.parametrize("fill_mode,interpolation", GEOMETRIC_OPTIONS)
@pytest.mark.parametrize("factors", [(0.3, 0.0), (0.0, 0.45), (0.2, 0.7)])
def test_shear_of_a_fixed_amount_matches_one_of_keras_two_signs(factors, fill_mode,
                                                                interpolation):
    x = np.random.default_rng(1).uniform(0, 1, (6, 7, 9, 2)).astype("float32")
    x_factor, y_factor = ((f, f) for f in factors)
    ours, theirs = both(lambda m: m.layers.RandomShear(
        x_factor, y_factor, interpolation=interpolation, fill_mode=fill_mode, fill_value=0.25))
    keras_out = outputs(theirs, x)
    plus, minus = _both_shears(ours, x, *factors)
    mine = outputs(ours, x)
    for i in range(len(x)):
        matches = [np.allclose(c[i], keras_out[i], rtol=1e-5, atol=1e-5) for c in (plus, minus)]
        assert any(matches), f"image {i}: Keras's shear is neither of ours"
        assert any(np.array_equal(mine[i], c[i]) for c in (plus, minus))
    assert_same_config(ours, theirs)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_shear_of_single_images_and_channels_first(data_format):
    x = np.random.default_rng(2).uniform(0, 1, (3, 6, 5)).astype("float32")
    ours, theirs = both(lambda m: m.layers.RandomShear(
        (0.4, 0.4), (0.1, 0.1), data_format=data_format))
    keras_out = outputs(theirs, x)
    plus, minus = _both_shears(ours, x[None], 0.4, 0.1)
    assert any(np.allclose(c[0], keras_out, rtol=1e-5, atol=1e-5) for c in (plus, minus))
    assert outputs(ours, x).shape == x.shape


def test_shear_moves_bounding_boxes_as_keras_does():
    keras = real_keras()
    x = np.zeros((4, 20, 30, 3), "float32")
    boxes = np.array([[[2, 3, 10, 12], [15, 5, 28, 18]]] * 4, "float32")
    labels = np.array([[1, 2]] * 4)

    def run(lib):
        layer = lib.layers.RandomShear((0.3, 0.3), (0.2, 0.2), bounding_box_format="xyxy")
        out = layer({"images": x, "bounding_boxes": {"boxes": boxes.copy(), "labels": labels}})
        return np.asarray(out["bounding_boxes"]["boxes"])

    keras_boxes = run(keras)
    ours = kerasish.layers.RandomShear((0.3, 0.3), (0.2, 0.2), bounding_box_format="xyxy")
    for sign in (1.0, -1.0):
        transformation = {"shear_factor": np.tile(np.float32([0.3 * sign, 0.2 * sign]), (4, 1)),
                          "input_shape": x.shape}
        mine = ours.transform_bounding_boxes({"boxes": boxes.copy(), "labels": labels},
                                             transformation)["boxes"]
        same = [np.allclose(mine[i], keras_boxes[i], rtol=1e-5, atol=1e-4) for i in range(4)]
        if sign == 1.0:
            positive = same
        else:
            assert all(p or n for p, n in zip(positive, same))
