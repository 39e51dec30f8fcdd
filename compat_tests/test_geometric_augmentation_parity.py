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

import json

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, Tolerance, assert_close, real_keras
from compat_tests.test_preprocessing_parity import LayerCase

# Geometric sampling is a weighted sum of up to 4 pixels per output pixel.
SAMPLING = Tolerance(1e-5, 1e-5, "float32 weighted sums of pixels, another summation order")

GEOMETRIC_AUGMENTATION_CASES = [
    LayerCase("RandomShear[zero]", lambda m: m.layers.RandomShear(0.0, 0.0), (2, 5, 4, 2)),
    LayerCase("RandomGaussianBlur[never]", lambda m: m.layers.RandomGaussianBlur(
        0.0, value_range=(-10, 10)), (2, 5, 4, 2)),
    LayerCase("RandomErasing[never]", lambda m: m.layers.RandomErasing(
        0.0, value_range=(-10, 10)), (2, 5, 4, 2)),
    # One image has only itself to mix with.
    LayerCase("MixUp[batch1]", lambda m: m.layers.MixUp(), (1, 5, 4, 2)),
    LayerCase("CutMix[batch1]", lambda m: m.layers.CutMix(), (1, 5, 4, 2)),
    LayerCase("MaxNumBoundingBoxes[images]", lambda m: m.layers.MaxNumBoundingBoxes(3),
              (2, 5, 4, 2)),
    LayerCase("RandomPerspective[never]", lambda m: m.layers.RandomPerspective(0.0),
              (2, 5, 4, 2)),
    LayerCase("RandomPerspective[no_move]", lambda m: m.layers.RandomPerspective(
        (1.0, 1.0), scale=0.0), (2, 5, 4, 2), SAMPLING),
    LayerCase("RandomElasticTransform[zero_scale]", lambda m: m.layers.RandomElasticTransform(
        scale=0.0), (2, 5, 4, 2)),
    LayerCase("RandomElasticTransform[never]", lambda m: m.layers.RandomElasticTransform(
        0.0, value_range=(-10, 10)), (2, 5, 4, 2)),
]

# HashedCrossing takes a list of integer or string arrays: compared below.
GEOMETRIC_AUGMENTATION_ELSEWHERE = {"HashedCrossing"}


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


def test_shear_of_segmentation_masks_uses_nearest_like_keras():
    masks = np.random.default_rng(15).integers(0, 4, (5, 8, 9, 1)).astype("float32")
    images = np.zeros((5, 8, 9, 3), "float32")
    theirs = real_keras().layers.RandomShear((0.35, 0.35), (0.2, 0.2))
    keras_masks = np.asarray(theirs({"images": images, "segmentation_masks": masks})[
        "segmentation_masks"])
    ours = kerasish.layers.RandomShear((0.35, 0.35), (0.2, 0.2))
    for i in range(5):
        candidates = []
        for sign in (1.0, -1.0):
            shears = np.float32([[0.35 * sign, 0.2 * sign]])
            candidates.append(np.asarray(ours.transform_segmentation_masks(
                masks[i:i + 1], {"shear_factor": shears, "input_shape": (1, 8, 9, 3)}))[0])
        assert any(np.array_equal(c, keras_masks[i]) for c in candidates)


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


# ------------------------------------------------------- RandomGaussianBlur
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("kernel_size,sigma", [(3, 0.5), (5, 1.0), ((3, 5), 0.3)])
def test_blur_with_a_fixed_sigma_matches_keras(kernel_size, sigma, data_format):
    x = np.random.default_rng(3).uniform(0, 255, (3, 7, 8, 3)).astype("float32")
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    ours, theirs = both(lambda m: m.layers.RandomGaussianBlur(
        (1.0, 1.0), kernel_size=kernel_size, sigma=(sigma, sigma), data_format=data_format))
    assert_close(outputs(ours, x), outputs(theirs, x), SAMPLING, f"blur {kernel_size} {sigma}")
    assert_close(outputs(ours, x[0]), outputs(theirs, x[0]), SAMPLING, "single image")
    assert_same_config(ours, theirs)


def test_blur_clips_to_the_value_range_like_keras():
    x = np.random.default_rng(4).uniform(-1, 2, (2, 6, 6, 1)).astype("float32")
    ours, theirs = both(lambda m: m.layers.RandomGaussianBlur(
        (1.0, 1.0), sigma=(0.7, 0.7), value_range=(0, 1)))
    assert_close(outputs(ours, x), outputs(theirs, x), SAMPLING, "clipped blur")


# ------------------------------------------------------------ RandomErasing
def _erased_boxes(out, x, fill):
    """Per image, the (rows, cols) extent of the pixels set to `fill`."""
    extents = []
    for image, original in zip(out, x):
        changed = np.all(image == fill, axis=-1) & ~np.all(original == fill, axis=-1)
        rows, cols = np.nonzero(changed)
        extents.append((rows.max() - rows.min() + 1, cols.max() - cols.min() + 1,
                        changed.sum()))
    return extents


@pytest.mark.parametrize("scale", [0.1, 0.3])
def test_erasing_a_fixed_scale_makes_keras_sized_rectangles(scale):
    x = np.random.default_rng(5).uniform(1, 255, (8, 10, 12, 3)).astype("float32")
    ours, theirs = both(lambda m: m.layers.RandomErasing(
        (1.0, 1.0), scale=(scale, scale), fill_value=0.0))
    side = np.sqrt(np.float32(scale))
    allowed_h = {int(np.floor(side * 10)), int(np.ceil(side * 10))}
    allowed_w = {int(np.floor(side * 12)), int(np.ceil(side * 12))}
    for out in (outputs(ours, x), outputs(theirs, x)):
        for rows, cols, count in _erased_boxes(out, x, 0.0):
            assert rows in allowed_h and cols in allowed_w and count == rows * cols
    assert_same_config(ours, theirs)


def test_erasing_noise_and_per_channel_fill_stay_in_range_like_keras():
    x = np.random.default_rng(6).uniform(0, 1, (4, 9, 9, 3)).astype("float32")
    for fill in (None, [0.25, 0.5, 0.75]):
        ours, theirs = both(lambda m: m.layers.RandomErasing(
            (1.0, 1.0), scale=(0.2, 0.2), fill_value=fill, value_range=(0, 1)))
        for out in (outputs(ours, x), outputs(theirs, x)):
            assert out.min() >= 0 and out.max() <= 1
            changed = out != x
            assert changed.any(axis=(1, 2, 3)).all()
            if fill is not None:
                np.testing.assert_array_equal(out[..., 1][changed[..., 1]], 0.5)


# ------------------------------------------------------------ MixUp, CutMix
def _mixed(lib, layer_factory, x, labels):
    out = layer_factory(lib)({"images": x, "labels": labels})
    return np.asarray(out["images"]), np.asarray(out["labels"])


@pytest.mark.parametrize("alpha", [0.2, 1.0])
def test_mixup_images_are_the_label_weighted_sums_in_both_libraries(alpha):
    x = np.random.default_rng(7).uniform(0, 255, (8, 5, 6, 3)).astype("float32")
    labels = np.eye(8, dtype="float32")
    for lib in (kerasish, real_keras()):
        images, mixed_labels = _mixed(lib, lambda m: m.layers.MixUp(alpha=alpha), x, labels)
        np.testing.assert_allclose(mixed_labels.sum(axis=1), 1.0, rtol=1e-6)
        assert ((mixed_labels > 1e-6).sum(axis=1) <= 2).all()
        expected = np.einsum("ij,jhwc->ihwc", mixed_labels, x)
        np.testing.assert_allclose(images, expected, rtol=1e-4, atol=1e-2)
    ours, theirs = both(lambda m: m.layers.MixUp(alpha=alpha, seed=3))
    assert_same_config(ours, theirs)


def test_mixup_weights_follow_a_symmetric_beta():
    layer = kerasish.layers.MixUp(alpha=0.4, seed=0)
    weights = layer.get_random_transformation(np.zeros((4000, 1, 1, 1)), rng=layer._rng())
    weights = weights["mix_weight"]
    assert abs(weights.mean() - 0.5) < 0.03
    assert abs(weights.var() - 0.25 / (2 * 0.4 + 1)) < 0.02  # Beta(a, a) variance


def _cut_regions(images, x):
    """Per image, the mask of pixels that differ from the original."""
    return [np.any(out != original, axis=-1) for out, original in zip(images, x)]


def test_cutmix_pastes_one_rectangle_from_the_partner_in_both_libraries():
    x = np.random.default_rng(8).uniform(0, 255, (6, 12, 10, 2)).astype("float32")
    labels = np.eye(6, dtype="float32")
    for lib in (kerasish, real_keras()):
        images, mixed_labels = _mixed(lib, lambda m: m.layers.CutMix(factor=(1.0, 1.0)), x,
                                      labels)
        np.testing.assert_allclose(mixed_labels.sum(axis=1), 1.0, rtol=1e-5)
        for i, changed in enumerate(_cut_regions(images, x)):
            own = mixed_labels[i, i]
            if not changed.any():
                continue
            partner = int(np.argmax(np.where(np.arange(6) == i, -1, mixed_labels[i])))
            rows, cols = np.nonzero(changed)
            box = (slice(rows.min(), rows.max() + 1), slice(cols.min(), cols.max() + 1))
            np.testing.assert_array_equal(images[i][box], x[partner][box])
            # The label weight is the real-valued patch's area; the pixels
            # covered differ from it by at most the patch's border.
            patch = (1 - own) * 120
            height, width = box[0].stop - box[0].start, box[1].stop - box[1].start
            assert (height - 1) * (width - 1) - 1e-3 <= patch <= (height + 1) * (width + 1)
    ours, theirs = both(lambda m: m.layers.CutMix(0.5, seed=2))
    assert_same_config(ours, theirs)


# ------------------------------------------------------ MaxNumBoundingBoxes
@pytest.mark.parametrize("max_number", [1, 3, 5])
def test_max_num_bounding_boxes_matches_keras(max_number):
    boxes = np.random.default_rng(9).uniform(0, 20, (2, 3, 4)).astype("float32")
    labels = np.array([[1, 2, 3], [4, 5, 6]], "int32")
    results = []
    for lib in (kerasish, real_keras()):
        layer = lib.layers.MaxNumBoundingBoxes(max_number, fill_value=-7,
                                               bounding_box_format="xyxy")
        out = layer({"images": np.zeros((2, 4, 4, 3), "float32"),
                     "bounding_boxes": {"boxes": boxes.copy(), "labels": labels.copy()}})
        results.append(out["bounding_boxes"])
    for key in ("boxes", "labels"):
        np.testing.assert_array_equal(np.asarray(results[0][key]), np.asarray(results[1][key]))
    ours, theirs = both(lambda m: m.layers.MaxNumBoundingBoxes(4, bounding_box_format="yxyx"))
    assert_same_config(ours, theirs)


# -------------------------------------------------------- RandomPerspective
def _perspective_transformation(batch, height, width, seed):
    rng = np.random.default_rng(seed)
    corners = np.array([[0, 0], [width - 1, 0], [0, height - 1], [width - 1, height - 1]],
                       "float32")
    start = np.repeat(corners[None], batch, axis=0)
    end = (start + start * rng.uniform(-0.25, 0.25, (batch, 4, 2))).astype("float32")
    return {"apply_perspective": np.array([True] * (batch - 1) + [False]),
            "start_points": start, "end_points": end, "input_shape": (batch, height, width, 3)}


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_perspective_warp_matches_keras_for_the_same_corners(interpolation, data_format):
    tf = pytest.importorskip("tensorflow")
    x = np.random.default_rng(10).uniform(0, 1, (4, 9, 11, 3)).astype("float32")
    transformation = _perspective_transformation(4, 9, 11, seed=1)
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    ours, theirs = both(lambda m: m.layers.RandomPerspective(
        interpolation=interpolation, fill_value=0.5, data_format=data_format))
    mine = np.asarray(ours.transform_images(x, transformation))
    keras_transformation = {k: tf.constant(v) if isinstance(v, np.ndarray) else v
                            for k, v in transformation.items()}
    keras_out = np.asarray(theirs.transform_images(tf.constant(x), keras_transformation))
    if interpolation == "bilinear":
        assert_close(mine, keras_out, Tolerance(1e-4, 1e-4, "homographies solved in float64 "
                                                "(ours) and float32 (TensorFlow)"), "warp")
    else:  # a sample at a rounding boundary may pick the neighbour
        assert (np.abs(mine - keras_out) > 1e-4).mean() < 0.01
    np.testing.assert_array_equal(mine[-1], x[-1])
    assert_same_config(ours, theirs)


def test_perspective_moves_boxes_as_keras_does():
    tf = pytest.importorskip("tensorflow")
    transformation = _perspective_transformation(3, 20, 30, seed=2)
    boxes = np.array([[[2, 3, 10, 12], [15, 5, 28, 18]]] * 3, "float32")
    labels = np.array([[1, 2]] * 3)
    ours, theirs = both(lambda m: m.layers.RandomPerspective(bounding_box_format="xyxy"))
    mine = ours.transform_bounding_boxes({"boxes": boxes.copy(), "labels": labels},
                                         transformation)
    keras_transformation = {k: tf.constant(v) if isinstance(v, np.ndarray) else v
                            for k, v in transformation.items()}
    keras_boxes = theirs.transform_bounding_boxes(
        {"boxes": tf.constant(boxes), "labels": tf.constant(labels)}, keras_transformation)
    assert_close(mine["boxes"], np.asarray(keras_boxes["boxes"]),
                 Tolerance(1e-4, 1e-3, "float64 vs float32 homography inverse"), "boxes")
    np.testing.assert_array_equal(mine["labels"], np.asarray(keras_boxes["labels"]))


# --------------------------------------------------- RandomElasticTransform
def _displacements(out, height, width):
    """Per-pixel displacement of an image whose pixels hold their own
    coordinates (row * width + column), read back through nearest sampling."""
    source = np.rint(out[..., 0]).astype(int)
    rows, cols = np.divmod(source, width)
    grid_rows, grid_cols = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
    return np.hypot(rows - grid_rows, cols - grid_cols)


def test_elastic_displacements_have_keras_size():
    height = width = 40
    coordinates = np.arange(height * width, dtype="float32").reshape(1, height, width, 1)
    x = np.repeat(coordinates, 6, axis=0)
    sizes = []
    for lib in (kerasish, real_keras()):
        layer = lib.layers.RandomElasticTransform(
            (1.0, 1.0), scale=(0.8, 0.8), interpolation="nearest", fill_mode="nearest",
            value_range=(0, height * width), seed=3)
        out = outputs(layer, x)
        assert out.min() >= 0 and out.max() <= height * width
        sizes.append(np.sqrt(np.mean(_displacements(out, height, width) ** 2)))
    assert sizes[0] > 0.5 and sizes[1] > 0.5
    assert 0.5 < sizes[0] / sizes[1] < 2.0, sizes
    ours, theirs = both(lambda m: m.layers.RandomElasticTransform(
        0.5, scale=(0.2, 0.6), fill_mode="mirror", seed=1))
    assert_same_config(ours, theirs)


# ------------------------------------------------------------ HashedCrossing
CROSS_INPUTS = {
    "ints_and_strings": (np.array([[1], [2], [-3], [2**40]]),
                         np.array([["x"], ["y"], ["z"], ["a long string over sixteen bytes"]])),
    "three_ints": (np.array([0, 5, -7, 123456789]), np.array([1, 1, 2, 3], "int32"),
                   np.array([9, 8, 7, 6])),
    "strings": (np.array(["café", "", "b"]), np.array([b"q", b"r", b"s"])),
    "scalars": (np.array(4), np.array("w")),
}


@pytest.mark.parametrize("output_mode", ["int", "one_hot"])
@pytest.mark.parametrize("num_bins", [1, 7, 1000])
@pytest.mark.parametrize("name", sorted(CROSS_INPUTS))
def test_hashed_crossing_matches_keras_bit_for_bit(name, num_bins, output_mode):
    tf = pytest.importorskip("tensorflow")
    inputs = CROSS_INPUTS[name]
    ours, theirs = both(lambda m: m.layers.HashedCrossing(num_bins, output_mode=output_mode))
    mine = np.asarray(ours(inputs))
    keras_out = np.asarray(theirs(tuple(tf.constant(x) for x in inputs)))
    assert mine.dtype == keras_out.dtype and mine.shape == keras_out.shape
    np.testing.assert_array_equal(mine, keras_out)
    assert_same_config(ours, theirs)


def test_hashed_crossing_in_a_functional_model_saves_both_ways(tmp_path):
    keras = real_keras()
    data = (np.array([[1], [2], [3], [2]]), np.array([["a"], ["b"], ["c"], ["d"]]))
    predictions = {}
    for name, lib in (("ours", kerasish), ("theirs", keras)):
        first = lib.Input((1,), dtype="int64")
        second = lib.Input((1,), dtype="string")
        crossed = lib.layers.HashedCrossing(6, output_mode="one_hot")((first, second))
        model = lib.Model([first, second], crossed)
        model.save(tmp_path / f"{name}.keras")
    ours = kerasish.models.load_model(tmp_path / "theirs.keras")
    theirs = keras.models.load_model(tmp_path / "ours.keras")
    import tensorflow as tf

    predictions["ours"] = np.asarray(ours(list(data)))
    predictions["theirs"] = np.asarray(theirs([tf.constant(x) for x in data]))
    np.testing.assert_array_equal(predictions["ours"], predictions["theirs"])


# -------------------------------------------------------------- .keras files
def _augmenting_model(lib):
    # RandomShear gets pairs: Keras cannot read back the (-f, f) a number becomes.
    return lib.Sequential([
        lib.Input((10, 12, 3)),
        lib.layers.RandomShear((0.1, 0.3), (0.0, 0.2), seed=1),
        lib.layers.RandomPerspective(0.5, scale=0.3, seed=2),
        lib.layers.RandomElasticTransform(0.5, scale=(0.1, 0.5), seed=3),
        lib.layers.RandomGaussianBlur(0.5, kernel_size=5, sigma=(0.2, 0.8), seed=4),
        lib.layers.RandomErasing(0.5, fill_value=10.0, seed=5),
        lib.layers.MixUp(alpha=0.3, seed=6),
        lib.layers.CutMix(0.7, seed=7),
        lib.layers.MaxNumBoundingBoxes(4),
        lib.layers.Rescaling(1 / 255),
        lib.layers.Flatten(),
        lib.layers.Dense(2),
    ])


@pytest.mark.parametrize("direction", ["kerasish-to-keras", "keras-to-kerasish"])
def test_keras_files_with_augmentation_layers_move_both_ways(tmp_path, direction):
    keras = real_keras()
    source_lib, target_lib = (kerasish, keras) if direction == "kerasish-to-keras" else (
        keras, kerasish)
    x = np.random.default_rng(11).uniform(0, 255, (4, 10, 12, 3)).astype("float32")
    source = _augmenting_model(source_lib)
    expected = source.predict(x, verbose=0)
    source.save(tmp_path / "m.keras")
    loaded = target_lib.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-5)
    for before, after in zip(source.layers[:8], loaded.layers[:8]):
        # As JSON: a file turns tuples into lists.
        before_config, after_config = before.get_config(), after.get_config()
        before_config.pop("name"), after_config.pop("name")
        assert json.dumps(before_config) == json.dumps(after_config)


# ------------------------------------------------- keras.utils.bounding_boxes
BOX_FORMATS = ["xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw", "rel_xyxy", "rel_yxyx",
               "rel_xywh", "rel_center_xywh"]
BOXES = np.random.default_rng(12).uniform(1, 40, (2, 5, 4)).astype("float32")
BOXES[..., 2:] += BOXES[..., :2]  # valid "xyxy" boxes


@pytest.mark.parametrize("target", BOX_FORMATS)
@pytest.mark.parametrize("source", BOX_FORMATS)
def test_convert_format_matches_keras(source, target):
    keras = real_keras()
    mine = kerasish.utils.bounding_boxes.convert_format(BOXES, source, target, 60, 80)
    theirs = np.asarray(keras.utils.bounding_boxes.convert_format(BOXES, source, target, 60, 80))
    assert_close(mine, theirs, REDUCTION, f"{source} -> {target}")
    assert mine.dtype == theirs.dtype


def test_clip_crop_pad_match_keras():
    keras = real_keras()
    boxes = BOXES * 1.5 - 10
    labels = np.arange(10).reshape(2, 5)
    for fmt, height, width in (("xyxy", 40, 50), ("rel_xyxy", None, None)):
        given = boxes / 60 if fmt == "rel_xyxy" else boxes
        mine = kerasish.utils.bounding_boxes.clip_to_image_size(
            {"boxes": given, "labels": labels}, height, width, fmt)
        theirs = keras.utils.bounding_boxes.clip_to_image_size(
            {"boxes": given, "labels": labels}, height, width, fmt)
        assert_close(mine["boxes"], np.asarray(theirs["boxes"]), REDUCTION, fmt)
        np.testing.assert_array_equal(mine["labels"], np.asarray(theirs["labels"]))
    for name, args in (("crop", (5, 7, 30, 40)), ("pad", (5, 7))):
        mine = getattr(kerasish.utils.bounding_boxes, name)(BOXES, *args)
        theirs = np.asarray(getattr(keras.utils.bounding_boxes, name)(BOXES, *args))
        assert_close(mine, theirs, REDUCTION, name)


def test_affine_transform_of_boxes_matches_keras():
    keras = real_keras()
    rng = np.random.default_rng(13)
    params = [rng.uniform(-30, 30, 2).astype("float32"), rng.uniform(-0.2, 0.2, 2).astype(
        "float32"), rng.uniform(-0.2, 0.2, 2).astype("float32"), np.float32(1.2),
        rng.uniform(-20, 20, 2).astype("float32"), rng.uniform(-20, 20, 2).astype("float32")]
    mine = kerasish.utils.bounding_boxes.affine_transform(BOXES, *params, height=60, width=80)
    theirs = keras.utils.bounding_boxes.affine_transform(BOXES, *params, height=60, width=80)
    assert_close(mine, np.asarray(theirs), Tolerance(1e-5, 1e-4, "float32 trigonometry"),
                 "affine")


@pytest.mark.parametrize("encoding", ["center_yxhw", "center_xywh"])
def test_box_deltas_match_keras_and_invert(encoding):
    keras = real_keras()
    anchors = BOXES[0]
    variance = [0.1, 0.1, 0.2, 0.2]
    mine = kerasish.utils.bounding_boxes.encode_box_to_deltas(
        anchors, BOXES, "xyxy", "xyxy", encoding, variance=variance)
    theirs = keras.utils.bounding_boxes.encode_box_to_deltas(
        anchors, BOXES, "xyxy", "xyxy", encoding, variance=variance)
    assert_close(mine, np.asarray(theirs), REDUCTION, "encode")
    decoded = kerasish.utils.bounding_boxes.decode_deltas_to_boxes(
        anchors, mine, "xyxy", "xyxy", encoding, variance=variance)
    keras_decoded = keras.utils.bounding_boxes.decode_deltas_to_boxes(
        anchors, np.asarray(theirs), "xyxy", "xyxy", encoding, variance=variance)
    assert_close(decoded, np.asarray(keras_decoded), REDUCTION, "decode")
    assert_close(decoded, BOXES, Tolerance(1e-5, 1e-4, "exp(log(x)) in float32"), "round trip")


@pytest.mark.parametrize("shapes", [((2, 5, 4), (2, 3, 4)), ((5, 4), (3, 4))])
@pytest.mark.parametrize("fmt", ["xyxy", "yxyx", "center_xywh"])
def test_iou_and_ciou_match_keras(fmt, shapes):
    keras = real_keras()
    rng = np.random.default_rng(14)
    boxes1 = rng.uniform(0, 20, shapes[0]).astype("float32")
    boxes2 = rng.uniform(0, 20, shapes[1]).astype("float32")
    boxes1[..., 2:] += 5
    boxes2[..., 2:] += 5
    boxes2[..., -1, :] = -1  # a padding box
    for masking in (False, True):
        mine = kerasish.utils.bounding_boxes.compute_iou(boxes1, boxes2, fmt,
                                                         use_masking=masking)
        theirs = keras.utils.bounding_boxes.compute_iou(boxes1, boxes2, fmt,
                                                        use_masking=masking)
        assert_close(mine, np.asarray(theirs), REDUCTION, f"iou masking={masking}")
    pairs = boxes2[..., :3, :] if len(shapes[0]) == 3 else boxes2
    first = boxes1[..., :pairs.shape[-2], :]
    mine = kerasish.utils.bounding_boxes.compute_ciou(first, pairs, fmt)
    theirs = keras.utils.bounding_boxes.compute_ciou(first, pairs, fmt)
    assert_close(mine, np.asarray(theirs), Tolerance(1e-5, 1e-5, "float32 arctan"), "ciou")
