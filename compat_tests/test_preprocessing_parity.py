"""Preprocessing and augmentation layers against real Keras 3: outputs
(exact for lookups, encodings and vectorization; float32 tolerance for
resizing and normalization), `adapt` results, configs, inference-mode
identity of the random layers, fixed-factor geometric transforms, and
.keras files both ways.

`PREPROCESSING_CASES` join the generic LAYERS table of
test_layers_parity.py (outputs, gradients, weights, configs); layers whose
inputs are integers or strings are covered here instead and listed in
`PREPROCESSING_ELSEWHERE`.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, Tolerance, assert_close, real_keras


@dataclass
class LayerCase:
    """The fields of test_layers_parity.LayerCase (not imported from there:
    that module imports this one)."""

    label: str
    factory: Callable
    input_shape: tuple
    tolerance: object = REDUCTION

# Resizing is a weighted sum of up to 4 (bicubic) or ~2*radius*scale
# (antialiased) input pixels per axis: float32 sums in another order.
RESIZE = Tolerance(1e-5, 1e-5, "float32 weighted sums of pixels, another summation order")

PREPROCESSING_CASES = [
    LayerCase("Rescaling", lambda m: m.layers.Rescaling(1 / 255, offset=-0.5), (2, 4, 4, 3)),
    LayerCase("Rescaling[per_channel]", lambda m: m.layers.Rescaling([0.5, 2.0, 3.0]),
              (2, 4, 4, 3)),
    LayerCase("Normalization[given]", lambda m: m.layers.Normalization(
        mean=[1.0, 2.0, 3.0], variance=[4.0, 0.25, 1.0]), (2, 5, 3)),
    LayerCase("Normalization[invert]", lambda m: m.layers.Normalization(
        mean=0.5, variance=2.0, invert=True), (4, 3)),
    LayerCase("Normalization[unadapted]", lambda m: m.layers.Normalization(axis=(1, 2)),
              (2, 3, 4)),
    LayerCase("Resizing", lambda m: m.layers.Resizing(5, 3), (2, 7, 6, 2), RESIZE),
    LayerCase("Resizing[bicubic]", lambda m: m.layers.Resizing(9, 4, interpolation="bicubic"),
              (2, 5, 7, 2), RESIZE),
    LayerCase("Resizing[crop]", lambda m: m.layers.Resizing(
        4, 4, crop_to_aspect_ratio=True), (1, 6, 9, 2), RESIZE),
    LayerCase("CenterCrop", lambda m: m.layers.CenterCrop(3, 2), (2, 6, 5, 2)),
    LayerCase("CenterCrop[upscale]", lambda m: m.layers.CenterCrop(7, 4), (2, 5, 5, 1), RESIZE),
]
# Integer inputs (Discretization gives int32 ids, CategoryEncoding takes
# ids) do not fit the generic float case: they are compared below.
PREPROCESSING_ELSEWHERE = {"CategoryEncoding", "Discretization"}


def both(factory):
    return factory(kerasish), factory(real_keras())


def outputs(layer, x, **kwargs):
    return np.asarray(getattr(layer(x, **kwargs), "value", layer(x, **kwargs)))


# ------------------------------------------------------------------ resizing
RESIZE_METHODS = ["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5"]
RESIZE_SHAPES = [((2, 7, 5, 3), (3, 9)), ((1, 4, 4, 1), (8, 8)), ((2, 10, 13, 2), (3, 4)),
                 ((1, 5, 6, 1), (5, 6)), ((1, 1, 3, 2), (4, 1))]


@pytest.mark.parametrize("antialias", [False, True])
@pytest.mark.parametrize("method", RESIZE_METHODS)
@pytest.mark.parametrize("shapes", RESIZE_SHAPES, ids=str)
def test_resize_matches_tensorflow(method, antialias, shapes):
    in_shape, size = shapes
    x = np.random.default_rng(0).uniform(-1, 3, in_shape).astype("float32")
    ours, theirs = both(lambda m: m.layers.Resizing(*size, interpolation=method,
                                                    antialias=antialias))
    assert_close(outputs(ours, x), outputs(theirs, x), RESIZE, f"{method} {shapes}")


@pytest.mark.parametrize("option", ["crop_to_aspect_ratio", "pad_to_aspect_ratio"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("shape", [(2, 6, 11, 3), (2, 11, 6, 3), (3, 7, 7, 3)])
def test_resize_aspect_ratio_options(option, data_format, shape):
    x = np.random.default_rng(1).uniform(0, 1, shape).astype("float32")
    ours, theirs = both(lambda m: m.layers.Resizing(
        5, 8, data_format=data_format, fill_value=0.5, **{option: True}))
    assert_close(outputs(ours, x), outputs(theirs, x), RESIZE, option)


def test_resize_integer_images_round_in_their_dtype():
    x = np.random.default_rng(2).integers(0, 256, (2, 5, 7, 3)).astype("uint8")
    for method in ("bilinear", "nearest", "bicubic"):
        ours, theirs = both(lambda m: m.layers.Resizing(9, 4, interpolation=method))
        mine, keras_out = outputs(ours, x), outputs(theirs, x)
        assert mine.dtype == keras_out.dtype
        np.testing.assert_array_equal(mine, keras_out)


def test_resize_single_image_and_channels_first():
    x = np.random.default_rng(3).uniform(0, 1, (3, 6, 5)).astype("float32")
    for data_format in ("channels_last", "channels_first"):
        ours, theirs = both(lambda m: m.layers.Resizing(4, 7, data_format=data_format))
        assert_close(outputs(ours, x), outputs(theirs, x), RESIZE, data_format)


@pytest.mark.parametrize("shape", [(2, 6, 6, 2), (2, 3, 8, 2), (5, 9, 1), (2, 2, 2, 1)])
def test_center_crop_matches_keras(shape):
    x = np.random.default_rng(4).uniform(0, 1, shape).astype("float32")
    for data_format in ("channels_last", "channels_first"):
        ours, theirs = both(lambda m: m.layers.CenterCrop(4, 5, data_format=data_format))
        assert_close(outputs(ours, x), outputs(theirs, x), RESIZE, f"{shape} {data_format}")


# -------------------------------------------------------------- normalization
@pytest.mark.parametrize("axis", [-1, None, (1, 2), 1])
def test_normalization_adapt_on_arrays_and_batches(axis):
    data = np.random.default_rng(5).normal(3, 2, (40, 3, 4)).astype("float32")
    for source in (data, [data[:7], data[7:20], data[20:]]):
        ours, theirs = both(lambda m: m.layers.Normalization(axis=axis))
        ours.adapt(source)
        theirs.adapt(source)
        for mine, keras_weight in zip(ours.get_weights(), theirs.get_weights()):
            assert_close(mine, keras_weight, REDUCTION, f"adapted statistics axis={axis}")
        assert_close(outputs(ours, data), outputs(theirs, data), REDUCTION, "normalized")


def test_normalization_given_statistics_broadcast_like_keras():
    x = np.random.default_rng(6).normal(size=(2, 3, 4)).astype("float32")
    for kwargs in ({"axis": (1, 2), "mean": [1.0, 2, 3, 4], "variance": [1.0, 2, 3, 4]},
                   {"axis": -1, "mean": 2.0, "variance": 9.0},
                   {"axis": (1, 2), "mean": np.ones((3, 4)), "variance": np.full((3, 4), 4.0)}):
        ours, theirs = both(lambda m: m.layers.Normalization(**kwargs))
        assert_close(outputs(ours, x), outputs(theirs, x), REDUCTION, str(kwargs))
        our_config, their_config = ours.get_config(), theirs.get_config()
        our_config.pop("name"), their_config.pop("name")
        assert our_config == their_config


# ------------------------------------------------------------- discretization
@pytest.mark.parametrize("num_bins", [2, 3, 5, 10])
@pytest.mark.parametrize("size", [4, 37, 1000])
def test_discretization_adapt_finds_keras_boundaries(num_bins, size):
    data = np.random.default_rng(size).normal(size=(size, 2)).astype("float32")
    for source in (data, [data[: size // 2], data[size // 2:]]):
        ours, theirs = both(lambda m: m.layers.Discretization(num_bins=num_bins, epsilon=0.05))
        ours.adapt(source)
        theirs.adapt(source)
        np.testing.assert_array_equal(ours.bin_boundaries, theirs.bin_boundaries)
        np.testing.assert_array_equal(outputs(ours, data), outputs(theirs, data))


@pytest.mark.parametrize("output_mode", ["int", "one_hot", "multi_hot", "count"])
@pytest.mark.parametrize("shape", [(6,), (4, 1), (3, 5)])
def test_discretization_outputs_match_keras(output_mode, shape):
    x = np.random.default_rng(7).uniform(-2, 3, shape).astype("float32")
    x.flat[0] = 1.0  # exactly on a boundary
    ours, theirs = both(lambda m: m.layers.Discretization(
        bin_boundaries=[-1.0, 0.0, 1.0, 2.5], output_mode=output_mode))
    mine, keras_out = outputs(ours, x), outputs(theirs, x)
    assert mine.dtype == keras_out.dtype
    np.testing.assert_array_equal(mine, keras_out)
    assert ours.compute_output_shape(shape) == tuple(theirs.compute_output_shape(shape))
    assert ours.get_config() | {"name": None} == theirs.get_config() | {"name": None}


# ----------------------------------------------------------- category encoding
@pytest.mark.parametrize("output_mode", ["one_hot", "multi_hot", "count"])
@pytest.mark.parametrize("shape", [(6,), (4, 1), (3, 5), ()])
def test_category_encoding_matches_keras(output_mode, shape):
    x = np.random.default_rng(8).integers(0, 6, shape).astype("int64")
    ours, theirs = both(lambda m: m.layers.CategoryEncoding(6, output_mode=output_mode))
    mine, keras_out = outputs(ours, x), outputs(theirs, x)
    assert mine.dtype == keras_out.dtype
    np.testing.assert_array_equal(mine, keras_out)
    assert ours.compute_output_shape(shape) == tuple(theirs.compute_output_shape(shape))


def test_category_encoding_count_weights_and_config():
    x = np.array([[0, 1, 1, 3], [2, 2, 0, 0]])
    weights = np.array([[0.5, 1.0, 2.0, 0.25], [1.0, 1.0, 3.0, 1.0]], dtype="float32")
    ours, theirs = both(lambda m: m.layers.CategoryEncoding(4, output_mode="count"))
    np.testing.assert_array_equal(np.asarray(ours(x, count_weights=weights)),
                                  np.asarray(theirs(x, count_weights=weights)))
    our_config, their_config = ours.get_config(), theirs.get_config()
    our_config.pop("name"), their_config.pop("name")
    assert our_config == their_config
