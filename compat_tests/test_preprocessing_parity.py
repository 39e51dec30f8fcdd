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

import re
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
# The generic cases call layers directly, which makes augmentation layers
# transform (as in Keras): with zero factors the transform is the identity
# in both libraries, so outputs and gradients are comparable.
PREPROCESSING_CASES += [
    LayerCase("RandomRotation[zero]", lambda m: m.layers.RandomRotation(0.0), (2, 5, 4, 2)),
    LayerCase("RandomZoom[zero]", lambda m: m.layers.RandomZoom(0.0), (2, 5, 4, 2)),
    LayerCase("RandomTranslation[zero]", lambda m: m.layers.RandomTranslation(0.0, 0.0),
              (2, 5, 4, 2)),
    LayerCase("RandomBrightness[zero]", lambda m: m.layers.RandomBrightness(0.0, (-5, 5)),
              (2, 5, 4, 2)),
    LayerCase("RandomContrast[zero]", lambda m: m.layers.RandomContrast(0.0, (-5, 5)),
              (2, 5, 4, 2)),
    LayerCase("RandomCrop[same_size]", lambda m: m.layers.RandomCrop(5, 4, seed=3),
              (2, 5, 4, 2)),
]
# Integer inputs (Discretization gives int32 ids, CategoryEncoding takes
# ids) do not fit the generic float case, and RandomFlip has no identity
# setting, and lookups, hashing and text take strings or ids: they are
# compared below.
PREPROCESSING_ELSEWHERE = {"CategoryEncoding", "Discretization", "RandomFlip", "Hashing",
                           "IntegerLookup", "StringLookup", "TextVectorization"}


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


# ------------------------------------------------------- augmentation layers
GEOMETRIC_OPTIONS = [(fill, interp) for fill in ("reflect", "wrap", "constant", "nearest")
                     for interp in ("bilinear", "nearest")]


def _fixed(factor):
    return (factor, factor)


@pytest.mark.parametrize("fill_mode,interpolation", GEOMETRIC_OPTIONS)
@pytest.mark.parametrize("factor", [0.1, -0.3, 0.5, 0.77])
def test_rotation_with_a_fixed_factor_matches_keras(factor, fill_mode, interpolation):
    x = np.random.default_rng(9).uniform(0, 1, (2, 7, 9, 2)).astype("float32")
    ours, theirs = both(lambda m: m.layers.RandomRotation(
        _fixed(factor), fill_mode=fill_mode, interpolation=interpolation, fill_value=0.25))
    assert_close(outputs(ours, x, training=True), outputs(theirs, x, training=True), RESIZE,
                 f"rotation {factor} {fill_mode} {interpolation}")


@pytest.mark.parametrize("fill_mode,interpolation", GEOMETRIC_OPTIONS)
@pytest.mark.parametrize("factors", [(0.3, None), (-0.4, 0.2), (0.9, -0.5)])
def test_zoom_with_fixed_factors_matches_keras(factors, fill_mode, interpolation):
    height, width = factors
    x = np.random.default_rng(10).uniform(0, 1, (2, 8, 6, 3)).astype("float32")
    ours, theirs = both(lambda m: m.layers.RandomZoom(
        _fixed(height), None if width is None else _fixed(width), fill_mode=fill_mode,
        interpolation=interpolation, fill_value=-1.0))
    assert_close(outputs(ours, x), outputs(theirs, x), RESIZE, f"zoom {factors}")


@pytest.mark.parametrize("fill_mode,interpolation", GEOMETRIC_OPTIONS)
@pytest.mark.parametrize("factors", [(0.25, -0.5), (-0.9, 0.33), (1.0, -1.0)])
def test_translation_with_fixed_factors_matches_keras(factors, fill_mode, interpolation):
    x = np.random.default_rng(11).uniform(0, 1, (2, 6, 7, 1)).astype("float32")
    ours, theirs = both(lambda m: m.layers.RandomTranslation(
        _fixed(factors[0]), _fixed(factors[1]), fill_mode=fill_mode,
        interpolation=interpolation))
    assert_close(outputs(ours, x), outputs(theirs, x), RESIZE, f"translation {factors}")


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_geometric_layers_on_single_images_and_channels_first(data_format):
    x = np.random.default_rng(12).uniform(0, 1, (3, 6, 5)).astype("float32")
    for factory in (lambda m: m.layers.RandomRotation(_fixed(0.2), data_format=data_format),
                    lambda m: m.layers.RandomZoom(_fixed(-0.3), data_format=data_format),
                    lambda m: m.layers.RandomTranslation(_fixed(0.2), _fixed(0.4),
                                                         data_format=data_format)):
        ours, theirs = both(factory)
        assert_close(outputs(ours, x), outputs(theirs, x), RESIZE, data_format)


@pytest.mark.parametrize("fill_mode", ["reflect", "wrap", "constant", "nearest"])
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_affine_transform_matches_keras_ops_on_random_transforms(fill_mode, interpolation):
    from kerasish.layers.preprocessing.image_preprocessing.affine import affine_transform

    rng = np.random.default_rng(13)
    images = rng.uniform(0, 1, (4, 9, 8, 2)).astype("float32")
    transforms = np.concatenate([
        rng.uniform(-1.5, 1.5, (4, 2)), rng.uniform(-20, 20, (4, 1)),
        rng.uniform(-1.5, 1.5, (4, 2)), rng.uniform(-20, 20, (4, 1)),
        rng.uniform(-0.02, 0.02, (4, 2))], axis=1).astype("float32")
    ours = np.asarray(affine_transform(images, transforms, interpolation, fill_mode, 0.5))
    theirs = np.asarray(real_keras().ops.image.affine_transform(
        images, transforms, interpolation=interpolation, fill_mode=fill_mode, fill_value=0.5))
    assert_close(ours, theirs, RESIZE, f"affine {fill_mode} {interpolation}")


def test_flip_modes_match_keras_when_every_image_flips():
    x = np.random.default_rng(14).uniform(0, 1, (3, 4, 5, 2)).astype("float32")
    for mode, axes in (("horizontal", (2,)), ("vertical", (1,)),
                       ("horizontal_and_vertical", (1, 2))):
        layer = kerasish.layers.RandomFlip(mode, seed=0)
        out = outputs(layer, x)
        flipped = [np.array_equal(out[i], np.flip(x[i], [a - 1 for a in axes]))
                   for i in range(3)]
        kept = [np.array_equal(out[i], x[i]) for i in range(3)]
        assert all(f or k for f, k in zip(flipped, kept))
        ours, theirs = both(lambda m: m.layers.RandomFlip(mode, seed=1))
        assert_close(outputs(ours, x, training=False), outputs(theirs, x, training=False),
                     REDUCTION, "RandomFlip inference")
        our_config, their_config = ours.get_config(), theirs.get_config()
        our_config.pop("name"), their_config.pop("name")
        assert our_config == their_config


AUGMENTATION_FACTORIES = [
    lambda m: m.layers.RandomFlip(seed=1),
    lambda m: m.layers.RandomRotation(0.3, seed=1),
    lambda m: m.layers.RandomZoom(0.3, 0.2, seed=1),
    lambda m: m.layers.RandomTranslation(0.2, 0.3, seed=1),
    lambda m: m.layers.RandomContrast(0.5, seed=1),
    lambda m: m.layers.RandomBrightness(0.3, seed=1),
    lambda m: m.layers.RandomCrop(3, 4, seed=1),
]


@pytest.mark.parametrize("index", range(len(AUGMENTATION_FACTORIES)))
def test_augmentation_layers_are_identity_in_predict_and_random_in_training(index):
    factory = AUGMENTATION_FACTORIES[index]
    x = np.random.default_rng(15).uniform(0, 255, (4, 6, 7, 3)).astype("float32")
    ours, theirs = both(factory)
    assert_close(outputs(ours, x, training=False), outputs(theirs, x, training=False),
                 REDUCTION, "inference")
    for lib, layer in ((kerasish, ours), (real_keras(), theirs)):
        model = lib.Sequential([lib.Input((6, 7, 3)), layer])
        np.testing.assert_allclose(model.predict(x, verbose=0), x, rtol=1e-6)
    mine, keras_out = outputs(ours, x, training=True), outputs(theirs, x, training=True)
    assert mine.shape == keras_out.shape and mine.dtype == keras_out.dtype
    assert 0 <= mine.min() and mine.max() <= 255 + 1e-3
    our_config, their_config = ours.get_config(), theirs.get_config()
    our_config.pop("name"), their_config.pop("name")
    assert list(our_config) == list(their_config)
    assert our_config == their_config


@pytest.mark.parametrize("shape,size", [((2, 3, 3, 1), (5, 4)), ((1, 4, 4, 2), (6, 3)),
                                        ((2, 4, 5, 1), (4, 5))])
def test_random_crop_of_small_images_matches_keras(shape, size):
    x = np.random.default_rng(16).uniform(0, 1, shape).astype("float32")
    ours, theirs = both(lambda m: m.layers.RandomCrop(*size, seed=2))
    assert_close(outputs(ours, x), outputs(theirs, x), RESIZE, "small-image crop")


def test_contrast_and_brightness_with_fixed_factors_match_keras():
    x = np.random.default_rng(17).uniform(0, 255, (3, 5, 4, 3)).astype("float32")
    ours, theirs = both(lambda m: m.layers.RandomContrast((0.4, 0.4)))
    # RandomContrast draws from [1 - low, 1 + high]: a fixed factor is not a
    # single value, so compare the transform at the drawn factor instead.
    factor = np.float32(0.6)
    mean = x.mean(axis=(1, 2), keepdims=True)
    expected = np.clip((x - mean) * factor + mean, 0, 255)
    theirs_fixed = real_keras().layers.RandomContrast((0.0, 0.0))
    assert_close(outputs(theirs_fixed, x), np.clip(x, 0, 255), REDUCTION, "contrast identity")
    ours_fixed = kerasish.layers.RandomContrast((0.0, 0.0))
    assert_close(outputs(ours_fixed, x), outputs(theirs_fixed, x), REDUCTION, "contrast")
    layer = kerasish.layers.RandomContrast(0.4)
    np.testing.assert_allclose(
        np.asarray(layer.transform_images(x, np.full((3, 1, 1, 1), factor))), expected,
        rtol=1e-5, atol=1e-4)
    ours, theirs = both(lambda m: m.layers.RandomBrightness((0.2, 0.2), value_range=(0, 255)))
    assert_close(outputs(ours, x), outputs(theirs, x), REDUCTION, "brightness")


# -------------------------------------------------------------------- text
def as_numpy(value):
    array = np.asarray(getattr(value, "value", value))
    if array.dtype.kind in "OS":
        array = np.vectorize(lambda v: v.decode() if isinstance(v, bytes) else v)(array)
    return array


def assert_same_config(ours, theirs):
    our_config, their_config = ours.get_config(), theirs.get_config()
    our_config.pop("name"), their_config.pop("name")
    assert list(our_config) == list(their_config)
    assert our_config == their_config


def random_strings(seed, count):
    rng = np.random.default_rng(seed)
    alphabet = list("abcXYZ019 _-.,!é漢") + ["\u00a0", "\U0001F600"]
    return ["".join(rng.choice(alphabet, size=int(n))) for n in rng.integers(0, 80, count)]


@pytest.mark.parametrize("num_bins", [1, 2, 7, 1000, 2**31 - 1])
@pytest.mark.parametrize("salt", [None, 133, (7, 2**40 + 3)])
def test_hashing_gives_keras_bins_for_strings_and_ints(num_bins, salt):
    strings = np.array(random_strings(num_bins % 97, 150) + ["", "a" * 200], dtype=object)
    ints = np.random.default_rng(1).integers(-2**62, 2**62, 150)
    floats = np.array([0.0, 1.9, -2.7, 1e6])
    for data in (strings.reshape(-1, 1), ints.reshape(-1, 2), floats):
        ours, theirs = both(lambda m: m.layers.Hashing(num_bins, salt=salt))
        np.testing.assert_array_equal(as_numpy(ours(data)), as_numpy(theirs(data)))
    assert_same_config(ours, theirs)


@pytest.mark.parametrize("output_mode", ["int", "one_hot", "multi_hot", "count"])
def test_hashing_mask_and_output_modes(output_mode):
    data = np.array([["a", "", "b"], ["", "c", "c"]]) if output_mode != "one_hot" else \
        np.array([["a"], [""], ["c"]])
    ours, theirs = both(lambda m: m.layers.Hashing(5, mask_value="", output_mode=output_mode))
    mine, keras_out = as_numpy(ours(data)), as_numpy(theirs(data))
    assert mine.dtype == keras_out.dtype
    np.testing.assert_array_equal(mine, keras_out)


VOCAB = ["the", "cat", "sat", "on", "mat", "dog", "zebra", "éclair"]
TOKENS = np.array([["the", "cat", "unknown"], ["dog", "", "éclair"], ["x", "y", "mat"]])


@pytest.mark.parametrize("kwargs", [
    {}, {"mask_token": ""}, {"num_oov_indices": 3}, {"num_oov_indices": 3, "salt": 5},
    {"num_oov_indices": 0, "mask_token": "", "vocabulary": ["the", "cat", "dog", "éclair",
                                                             "x", "y", "mat", "unknown"]},
    {"output_mode": "one_hot"}, {"output_mode": "multi_hot", "mask_token": ""},
    {"output_mode": "count", "num_oov_indices": 2},
    {"output_mode": "multi_hot", "max_tokens": 12, "pad_to_max_tokens": True},
    {"output_mode": "tf_idf", "idf_weights": [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]},
])
def test_string_lookup_with_a_vocabulary_matches_keras(kwargs):
    kwargs = {"vocabulary": VOCAB, **kwargs}
    data = TOKENS[:, :1] if kwargs.get("output_mode") == "one_hot" else TOKENS
    ours, theirs = both(lambda m: m.layers.StringLookup(**kwargs))
    mine, keras_out = as_numpy(ours(data)), as_numpy(theirs(data))
    assert mine.dtype == keras_out.dtype, kwargs
    np.testing.assert_allclose(mine, keras_out, rtol=1e-6)
    assert ours.get_vocabulary() == theirs.get_vocabulary()
    assert ours.vocabulary_size() == theirs.vocabulary_size()
    assert_same_config(ours, theirs)


@pytest.mark.parametrize("kwargs", [{}, {"mask_token": "[MASK]"}, {"num_oov_indices": 0}])
def test_string_lookup_invert_matches_keras(kwargs):
    indices = np.array([[0, 1, 2], [5, 9, 3]])
    ours, theirs = both(lambda m: m.layers.StringLookup(vocabulary=VOCAB, invert=True, **kwargs))
    np.testing.assert_array_equal(as_numpy(ours(indices)), as_numpy(theirs(indices)))


@pytest.mark.parametrize("kwargs", [{}, {"max_tokens": 4}, {"mask_token": "b"},
                                    {"output_mode": "tf_idf"}, {"num_oov_indices": 2},
                                    {"output_mode": "count", "pad_to_max_tokens": True,
                                     "max_tokens": 10}])
def test_string_lookup_adapt_matches_keras(kwargs):
    rng = np.random.default_rng(3)
    data = rng.choice(["a", "b", "c", "d", "e", "ü", "[UNK]", "bb"], size=(30, 4))
    ours, theirs = both(lambda m: m.layers.StringLookup(**kwargs))
    ours.adapt(data)
    theirs.adapt(data)
    assert ours.get_vocabulary() == theirs.get_vocabulary()
    np.testing.assert_allclose(as_numpy(ours(data)), as_numpy(theirs(data)), rtol=1e-6)
    assert_same_config(ours, theirs)


@pytest.mark.parametrize("kwargs", [
    {}, {"mask_token": 0}, {"num_oov_indices": 3}, {"num_oov_indices": 3, "oov_method": "farmhash"},
    {"num_oov_indices": 3, "oov_method": "farmhash", "salt": [1, 2]},
    {"output_mode": "multi_hot"}, {"output_mode": "count", "mask_token": 0},
])
def test_integer_lookup_matches_keras(kwargs):
    vocabulary = [12, 36, 1138, 42, 7]
    data = np.array([[12, 0, 99], [1138, -5, 7], [42, 42, 100000]])
    ours, theirs = both(lambda m: m.layers.IntegerLookup(vocabulary=vocabulary, **kwargs))
    mine, keras_out = as_numpy(ours(data)), as_numpy(theirs(data))
    assert mine.dtype == keras_out.dtype
    np.testing.assert_array_equal(mine, keras_out)
    assert ours.get_vocabulary() == theirs.get_vocabulary()
    assert_same_config(ours, theirs)
    adapted = both(lambda m: m.layers.IntegerLookup(max_tokens=4, **{
        k: v for k, v in kwargs.items() if k != "salt" or True}))
    source = np.random.default_rng(4).integers(0, 6, (40,))
    for layer in adapted:
        layer.adapt(source)
    assert adapted[0].get_vocabulary() == adapted[1].get_vocabulary()
    np.testing.assert_array_equal(as_numpy(adapted[0](data)), as_numpy(adapted[1](data)))


def test_integer_lookup_invert_matches_keras():
    ours, theirs = both(lambda m: m.layers.IntegerLookup(vocabulary=[12, 36, 1138], invert=True,
                                                         mask_token=0))
    indices = np.array([[0, 1, 2, 3, 4, 9]])
    np.testing.assert_array_equal(as_numpy(ours(indices)), as_numpy(theirs(indices)))


def generated_sentences(seed, count):
    rng = np.random.default_rng(seed)
    words = ["The", "cat", "DOG", "sat", "on", "the", "mat.", "it's", "a", "sunny", "day!",
             "Über", "naïve", "e-mail", "(quoted)", "x_y", "50%", "q&a"]
    return ["  ".join(rng.choice(words, size=int(n))) + rng.choice(["", "?", " \t "])
            for n in rng.integers(0, 12, count)]


TEXT_OPTIONS = [
    {}, {"output_sequence_length": 6}, {"max_tokens": 8, "output_sequence_length": 3},
    {"output_mode": "multi_hot"}, {"output_mode": "count", "ngrams": 2},
    {"output_mode": "tf_idf"}, {"output_mode": "tf_idf", "ngrams": (1, 3)},
    {"output_mode": "multi_hot", "max_tokens": 30, "pad_to_max_tokens": True},
    {"standardize": "lower"}, {"standardize": None, "split": "character"},
    {"standardize": "strip_punctuation", "ngrams": 3},
    {"split": None, "output_mode": "int"}, {"split": None, "output_mode": "tf_idf"},
    {"split": None, "output_mode": "multi_hot", "standardize": None},
]


@pytest.mark.parametrize("kwargs", TEXT_OPTIONS, ids=str)
def test_text_vectorization_adapt_and_outputs_match_keras(kwargs):
    train = np.array(generated_sentences(5, 60))
    test = np.array(generated_sentences(6, 20) + ["", "unseen words only"])
    ours, theirs = both(lambda m: m.layers.TextVectorization(**kwargs))
    ours.adapt(train)
    theirs.adapt(train)
    assert ours.get_vocabulary() == theirs.get_vocabulary()
    for data in (test, test.reshape(-1, 1)):
        mine, keras_out = as_numpy(ours(data)), as_numpy(theirs(data))
        assert mine.dtype == keras_out.dtype
        np.testing.assert_allclose(mine, keras_out, rtol=2e-6, atol=1e-6)
    assert_same_config(ours, theirs)


def test_text_vectorization_adapt_on_batches_and_given_vocabulary():
    batches = [np.array(generated_sentences(seed, 10)) for seed in range(4)]
    ours, theirs = both(lambda m: m.layers.TextVectorization(output_mode="tf_idf"))
    ours.adapt(iter(batches))
    theirs.adapt(real_keras_dataset(batches))
    assert ours.get_vocabulary() == theirs.get_vocabulary()
    data = np.concatenate(batches)
    np.testing.assert_allclose(as_numpy(ours(data)), as_numpy(theirs(data)), rtol=2e-6)
    given = both(lambda m: m.layers.TextVectorization(vocabulary=["cat", "sat", "the"]))
    np.testing.assert_array_equal(as_numpy(given[0](data)), as_numpy(given[1](data)))
    assert_same_config(*given)


def real_keras_dataset(batches):
    import tensorflow as tf

    return tf.data.Dataset.from_tensor_slices(np.concatenate(batches)).batch(10)


# ------------------------------------------------------------ .keras files
def _numeric_model(lib, data):
    normalization = lib.layers.Normalization()
    normalization.adapt(data)
    discretization = lib.layers.Discretization(num_bins=4)
    discretization.adapt(data[:, :1])
    inputs = lib.Input((3,))
    scaled = lib.layers.Rescaling(0.5, offset=1.0)(normalization(inputs))
    dense = lib.layers.Dense(2)(scaled)
    buckets = lib.layers.CategoryEncoding(4, output_mode="one_hot")(discretization(
        lib.layers.Reshape((1,))(lib.layers.Dense(1)(inputs))))
    return lib.Model(inputs, lib.layers.Concatenate()([dense, buckets]))


def _image_model(lib):
    return lib.Sequential([
        lib.Input((8, 8, 1)), lib.layers.Rescaling(1 / 255), lib.layers.RandomFlip(seed=1),
        lib.layers.RandomRotation(0.1, seed=1), lib.layers.RandomZoom(0.1, seed=1),
        lib.layers.RandomTranslation(0.1, 0.1, seed=1), lib.layers.RandomContrast(0.2, seed=1),
        lib.layers.RandomBrightness(0.1, seed=1), lib.layers.Resizing(6, 6),
        lib.layers.CenterCrop(4, 4), lib.layers.RandomCrop(4, 4, seed=2), lib.layers.Flatten(),
        lib.layers.Dense(3),
    ])


def _text_model(lib, texts):
    """One string input of shape (1,): token ids into an embedding, a TF-IDF
    bag of bigrams, a multi-hot lookup of whole strings and hashed counts."""
    vectorize = lib.layers.TextVectorization(max_tokens=20, output_sequence_length=5)
    vectorize.adapt(texts)
    bag = lib.layers.TextVectorization(output_mode="tf_idf", ngrams=2)
    bag.adapt(texts)
    lookup = lib.layers.StringLookup(output_mode="multi_hot", num_oov_indices=2)
    lookup.adapt(texts[:10])
    hashing = lib.layers.Hashing(6, salt=3, output_mode="count")
    inputs = lib.Input(shape=(1,), dtype="string")
    pooled = lib.layers.GlobalAveragePooling1D()(lib.layers.Embedding(20, 4)(vectorize(inputs)))
    features = [pooled, bag(inputs), lookup(inputs), hashing(inputs)]
    return lib.Model(inputs, [lib.layers.Dense(2)(f) for f in features])


@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, None), (None, kerasish)],
                         ids=["kerasish-to-keras", "keras-to-kerasish"])
@pytest.mark.parametrize("kind", ["numeric", "image", "text"])
def test_keras_files_with_preprocessing_layers_move_both_ways(tmp_path, source_lib, target_lib,
                                                              kind):
    keras = real_keras()
    source_lib, target_lib = source_lib or keras, target_lib or keras
    data = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    texts = np.array(generated_sentences(8, 40))
    source = {"numeric": lambda: _numeric_model(source_lib, data),
              "image": lambda: _image_model(source_lib),
              "text": lambda: _text_model(source_lib, texts)}[kind]()
    x = {"numeric": data, "text": texts.reshape(-1, 1),
         "image": np.random.default_rng(1).uniform(0, 255, (4, 8, 8, 1)).astype("float32")}[kind]
    expected = _predict(source_lib, source, x)
    source.save(tmp_path / "m.keras")
    loaded = target_lib.models.load_model(tmp_path / "m.keras")
    predictions = _predict(target_lib, loaded, x)
    for mine, theirs in zip(*(p if isinstance(p, list) else [p] for p in (predictions, expected))):
        np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6)


def _predict(lib, model, x):
    """Keras's `predict` refuses NumPy string arrays: it gets a tf.constant."""
    if lib is not kerasish and x.dtype.kind == "U":
        import tensorflow as tf

        x = tf.constant(x)
    return model.predict(x, verbose=0)


# ------------------------------------------------------------- bad input
ERROR_CASES = [
    ("negative factor", lambda m: m.layers.RandomRotation(-1.5)),
    ("contrast factor", lambda m: m.layers.RandomContrast(-0.2)),
    ("zoom factor", lambda m: m.layers.RandomZoom(-1.0)),
    ("translation factor", lambda m: m.layers.RandomTranslation(0.1, 1.5)),
    ("brightness range", lambda m: m.layers.RandomBrightness(0.1, value_range=5)),
    ("duplicate vocabulary", lambda m: m.layers.StringLookup(vocabulary=["a", "b", "a"])),
    ("duplicate ints", lambda m: m.layers.IntegerLookup(vocabulary=[3, 3])),
    ("mask in vocabulary", lambda m: m.layers.StringLookup(vocabulary=["a", ""], mask_token="")),
    ("empty iterable", lambda m: m.layers.Normalization().adapt(iter([]))),
    ("num_tokens", lambda m: m.layers.CategoryEncoding(0)),
    ("bins and boundaries", lambda m: m.layers.Discretization([1.0], num_bins=2)),
    ("negative bins", lambda m: m.layers.Discretization(num_bins=-1)),
    ("mean without variance", lambda m: m.layers.Normalization(mean=1.0)),
    ("hashing bins", lambda m: m.layers.Hashing(0)),
    ("text ngrams", lambda m: m.layers.TextVectorization(ngrams=[1, 2])),
    ("text sequence length", lambda m: m.layers.TextVectorization(output_mode="count",
                                                                  output_sequence_length=2)),
    ("invert mode", lambda m: m.layers.StringLookup(invert=True, output_mode="count")),
]


@pytest.mark.parametrize("label,make", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_bad_input_gets_keras_error_and_wording(label, make):
    with pytest.raises(Exception) as theirs:
        make(real_keras())
    with pytest.raises(Exception) as ours:
        make(kerasish)
    assert type(ours.value) is type(theirs.value), label
    # Keras lists repeated tokens as NumPy scalars (`np.str_('a')`); kerasish
    # as plain values (`'a'`): the same words otherwise.
    assert str(ours.value) == re.sub(r"np\.\w+\((.*?)\)", r"\1", str(theirs.value)), label
