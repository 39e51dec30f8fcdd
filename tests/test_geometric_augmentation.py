"""Unit tests of the geometric and mixing augmentation layers, HashedCrossing
and keras.utils.bounding_boxes (parity with Keras is in
compat_tests/test_geometric_augmentation_parity.py)."""

import numpy as np
import pytest

import kerasish as keras
from tests.layer_checks import check_layer

layers = keras.layers


def values(x):
    return np.asarray(getattr(x, "value", x))


IMAGES = np.random.default_rng(0).uniform(0, 255, (4, 8, 9, 3)).astype("float32")

# Each augmentation layer with settings that change every image, by seed.
AUGMENTATION = {
    "RandomShear": lambda seed=None, **kw: layers.RandomShear(0.3, 0.2, seed=seed, **kw),
    "RandomGaussianBlur": lambda seed=None, **kw: layers.RandomGaussianBlur(
        (1.0, 1.0), sigma=(0.2, 1.0), seed=seed, **kw),
    "RandomErasing": lambda seed=None, **kw: layers.RandomErasing(
        (1.0, 1.0), fill_value=128.0, seed=seed, **kw),
    "MixUp": lambda seed=None, **kw: layers.MixUp(alpha=0.5, seed=seed, **kw),
    "CutMix": lambda seed=None, **kw: layers.CutMix(seed=seed, **kw),
    "RandomPerspective": lambda seed=None, **kw: layers.RandomPerspective(
        (1.0, 1.0), scale=0.4, seed=seed, **kw),
    "RandomElasticTransform": lambda seed=None, **kw: layers.RandomElasticTransform(
        (1.0, 1.0), scale=(0.5, 1.0), seed=seed, **kw),
}


# ------------------------------------------------------------ shared checks
@pytest.mark.parametrize("make_layer,shape", [
    (lambda: layers.RandomShear(0.0, 0.0), (2, 5, 4, 2)),
    (lambda: layers.RandomGaussianBlur((1.0, 1.0), sigma=(0.5, 0.5), value_range=(-9, 9)),
     (2, 5, 4, 2)),
    (lambda: layers.RandomErasing(0.0), (2, 5, 4, 2)),
    (lambda: layers.CutMix(), (1, 5, 4, 2)),
    (lambda: layers.MaxNumBoundingBoxes(2), (2, 5, 4, 2)),
    (lambda: layers.RandomPerspective((1.0, 1.0), scale=0.0), (2, 5, 4, 2)),
    (lambda: layers.RandomElasticTransform(scale=0.0), (2, 5, 4, 2)),
])
def test_layer_checks_with_identity_settings(make_layer, shape):
    check_layer(make_layer, input_shape=shape, num_weights=0)


@pytest.mark.parametrize("name", sorted(AUGMENTATION))
def test_identity_at_inference_random_in_training(name):
    layer = AUGMENTATION[name](seed=1)
    np.testing.assert_array_equal(values(layer(IMAGES, training=False)), IMAGES)
    first, second = values(layer(IMAGES, training=True)), values(layer(IMAGES))
    assert first.shape == IMAGES.shape and first.dtype == np.float32
    assert not np.array_equal(first, second)  # each call draws anew
    assert np.isfinite(first).all()


@pytest.mark.parametrize("name", sorted(AUGMENTATION))
def test_reproducible_by_seed_and_by_set_random_seed(name):
    a, b = AUGMENTATION[name](seed=7), AUGMENTATION[name](seed=7)
    np.testing.assert_array_equal(values(a(IMAGES)), values(b(IMAGES)))
    keras.utils.set_random_seed(3)
    first = values(AUGMENTATION[name]()(IMAGES))
    keras.utils.set_random_seed(3)
    np.testing.assert_array_equal(values(AUGMENTATION[name]()(IMAGES)), first)


@pytest.mark.parametrize("name", sorted(AUGMENTATION))
def test_config_round_trip_single_images_and_channels_first(name):
    layer = AUGMENTATION[name](seed=4)
    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert values(layer(IMAGES[0])).shape == IMAGES[0].shape
    first = AUGMENTATION[name](seed=5, data_format="channels_first")
    last = AUGMENTATION[name](seed=5)
    channels_first = values(first(np.transpose(IMAGES, (0, 3, 1, 2))))
    np.testing.assert_allclose(np.transpose(channels_first, (0, 2, 3, 1)), values(last(IMAGES)),
                               rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("name", sorted(AUGMENTATION))
def test_active_only_in_training_inside_fit(name):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8, 9, 3)), AUGMENTATION[name](seed=2),
                              layers.Rescaling(1 / 255), layers.Flatten(),
                              layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    history = model.fit(IMAGES, np.array([0, 1, 0, 1]), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    augment = keras.Model(model.inputs, model.layers[0].output)
    np.testing.assert_array_equal(augment.predict(IMAGES, verbose=0), IMAGES)


# -------------------------------------------------------------- RandomShear
def test_shear_reads_input_at_x_plus_shear_times_y():
    image = np.arange(20, dtype="float32").reshape(1, 4, 5, 1)
    layer = layers.RandomShear((1.0, 1.0), fill_mode="constant", interpolation="nearest", seed=0)
    out = values(layer(np.repeat(image, 8, axis=0)))[..., 0]
    for sheared in out:
        sign = 1 if sheared[1, 0] == image[0, 1, 1, 0] else -1
        for y in range(4):
            for x in range(5):
                source = x + sign * y
                expected = image[0, y, source, 0] if 0 <= source < 5 else 0.0
                assert sheared[y, x] == expected
    assert {1, -1} <= {1 if s[1, 0] == image[0, 1, 1, 0] else -1 for s in out} or len(out) < 2


def test_shear_draws_amounts_within_the_factor_range_with_both_signs():
    layer = layers.RandomShear((0.1, 0.4), (0.2, 0.3), seed=3)
    shears = layer.get_random_transformation(IMAGES.repeat(50, axis=0), rng=layer._rng())
    shears = shears["shear_factor"]
    assert shears.shape == (200, 2)
    assert (0.1 <= np.abs(shears[:, 0])).all() and (np.abs(shears[:, 0]) <= 0.4).all()
    assert (0.2 <= np.abs(shears[:, 1])).all() and (np.abs(shears[:, 1]) <= 0.3).all()
    assert (np.sign(shears[:, 0]) == np.sign(shears[:, 1])).all()
    assert 0.35 < (shears[:, 0] > 0).mean() < 0.65


def test_shear_dict_input_transforms_masks_and_keeps_labels():
    layer = layers.RandomShear((0.5, 0.5), seed=1, bounding_box_format="xyxy")
    masks = np.random.default_rng(1).integers(0, 3, (4, 8, 9, 1)).astype("float32")
    labels = np.eye(4, dtype="float32")
    boxes = {"boxes": np.array([[[1, 1, 4, 5]]] * 4, "float32"), "labels": np.ones((4, 1))}
    out = layer({"images": IMAGES, "labels": labels, "segmentation_masks": masks,
                 "bounding_boxes": boxes})
    np.testing.assert_array_equal(values(out["labels"]), labels)
    assert set(np.unique(values(out["segmentation_masks"]))) <= {0.0, 1.0, 2.0}
    assert out["bounding_boxes"]["boxes"].shape == (4, 1, 4)
    assert not np.array_equal(out["bounding_boxes"]["boxes"], boxes["boxes"])


def test_shear_gradients_flow_to_the_images():
    from kerasish.backend.tensor import Tensor, gradients

    x = Tensor(IMAGES[:1].copy())
    out = layers.RandomShear((0.3, 0.3), fill_mode="constant", seed=0)(x)
    grad = values(gradients(keras.ops.sum(out), [x])[0])
    assert grad.shape == IMAGES[:1].shape and grad.sum() > 0


# ------------------------------------------------------- RandomGaussianBlur
def test_blur_is_a_normalized_separable_gaussian_with_zero_padding():
    image = np.zeros((1, 5, 5, 1), "float32")
    image[0, 2, 2, 0] = 1.0
    out = values(layers.RandomGaussianBlur((1.0, 1.0), kernel_size=3, sigma=(0.6, 0.6),
                                           value_range=(0, 1))(image))[0, :, :, 0]
    taps = np.exp(-0.5 * (np.arange(-1, 2) / (0.6 + 1e-6)) ** 2)
    taps /= taps.sum()
    np.testing.assert_allclose(out[1:4, 1:4], np.outer(taps, taps), rtol=1e-5)
    assert out[0].sum() == 0 and out.sum() == pytest.approx(1.0, rel=1e-5)


def test_blur_applies_to_about_the_drawn_share_of_images():
    layer = layers.RandomGaussianBlur((0.5, 0.5), sigma=(1.0, 1.0), seed=0)
    flags = layer.get_random_transformation(IMAGES.repeat(100, axis=0), rng=layer._rng())
    assert 0.4 < flags["should_apply_blur"].mean() < 0.6
    assert flags["blur_factor"].shape == (2,)


# ------------------------------------------------------------ RandomErasing
def test_erasing_fills_one_rectangle_per_image():
    layer = layers.RandomErasing((1.0, 1.0), scale=(0.1, 0.3), fill_value=0.0, seed=2)
    images = IMAGES + 1.0
    out = values(layer(images))
    for image in out:
        rows, cols = np.nonzero((image == 0).all(axis=-1))
        assert len(rows) > 0
        height, width = rows.max() - rows.min() + 1, cols.max() - cols.min() + 1
        assert len(rows) == height * width  # a full rectangle
        assert np.sqrt(0.1) * 8 - 1 <= height <= np.sqrt(0.3) * 8 + 1


def test_erasing_factor_zero_never_erases_and_noise_fill_is_clipped():
    np.testing.assert_array_equal(values(layers.RandomErasing(0.0, seed=1)(IMAGES)), IMAGES)
    out = values(layers.RandomErasing((1.0, 1.0), scale=(0.3, 0.3), value_range=(0, 255),
                                      seed=1)(IMAGES))
    assert out.min() >= 0 and out.max() <= 255 and (out != IMAGES).any()


# ------------------------------------------------------------ MixUp, CutMix
def test_mixup_blends_images_and_labels_with_the_same_weights():
    layer = layers.MixUp(alpha=0.3, seed=4)
    labels = np.eye(4, dtype="float32")
    out = layer({"images": IMAGES, "labels": labels}, training=True)
    mixed_labels = values(out["labels"])
    np.testing.assert_allclose(values(out["images"]),
                               np.einsum("ij,jhwc->ihwc", mixed_labels, IMAGES), rtol=1e-4,
                               atol=1e-2)
    same = layer({"images": IMAGES, "labels": labels}, training=False)
    np.testing.assert_array_equal(values(same["labels"]), labels)


def test_mixup_keeps_the_boxes_of_both_images():
    layer = layers.MixUp(seed=1, bounding_box_format="xyxy")
    boxes = {"boxes": np.arange(32, dtype="float32").reshape(4, 2, 4),
             "labels": np.arange(8).reshape(4, 2)}
    out = layer({"images": IMAGES, "bounding_boxes": boxes})["bounding_boxes"]
    assert out["boxes"].shape == (4, 4, 4) and out["labels"].shape == (4, 4)
    np.testing.assert_array_equal(out["boxes"][:, :2], boxes["boxes"])


def test_cutmix_labels_weigh_the_uncovered_share():
    layer = layers.CutMix(seed=6)
    labels = np.eye(4, dtype="float32")
    out = layer({"images": IMAGES, "labels": labels, "segmentation_masks": IMAGES[..., :1]})
    images, mixed = values(out["images"]), values(out["labels"])
    np.testing.assert_allclose(mixed.sum(axis=1), 1.0, rtol=1e-6)
    for i in range(4):
        covered = np.any(images[i] != IMAGES[i], axis=-1).mean()
        assert abs((1 - mixed[i, i]) - covered) < 0.35 or covered == 0
    np.testing.assert_array_equal(values(out["segmentation_masks"]), images[..., :1])


def test_cutmix_and_mixup_leave_a_single_image_alone():
    np.testing.assert_array_equal(values(layers.CutMix(seed=0)(IMAGES[0])), IMAGES[0])
    np.testing.assert_allclose(values(layers.MixUp(seed=0)(IMAGES[0])), IMAGES[0], rtol=1e-6)


# ------------------------------------------------------ MaxNumBoundingBoxes
@pytest.mark.parametrize("batched", [True, False])
def test_max_num_bounding_boxes_pads_and_truncates(batched):
    boxes = np.arange(12, dtype="float32").reshape(1, 3, 4)
    labels = np.array([[5, 6, 7]])
    data = {"images": IMAGES[:1], "bounding_boxes": {"boxes": boxes, "labels": labels}}
    if not batched:
        data = {"images": IMAGES[0], "bounding_boxes": {"boxes": boxes[0], "labels": labels[0]}}
    padded = layers.MaxNumBoundingBoxes(5, fill_value=-2, bounding_box_format="xyxy")(data)
    cut = layers.MaxNumBoundingBoxes(2, bounding_box_format="xyxy")(data)
    expected_labels = [5, 6, 7, -2, -2]
    got = padded["bounding_boxes"]["labels"]
    np.testing.assert_array_equal(got if not batched else got[0], expected_labels)
    got = cut["bounding_boxes"]["boxes"]
    np.testing.assert_array_equal(got if not batched else got[0], boxes[0, :2])
    np.testing.assert_array_equal(values(padded["images"]), data["images"])


def test_max_num_bounding_boxes_output_shape_and_config():
    layer = layers.MaxNumBoundingBoxes(4, bounding_box_format="xyxy")
    shape = layer.compute_output_shape(
        {"images": (None, 8, 8, 3), "bounding_boxes": {"boxes": (None, 9, 4),
                                                      "labels": (None, 9)}})
    assert shape["bounding_boxes"] == {"boxes": [None, 4, 4], "labels": [None, 4]}
    clone = layers.MaxNumBoundingBoxes.from_config(layer.get_config())
    assert clone.max_number == 4 and clone.bounding_box_format == "xyxy"


# -------------------------------------------------------- RandomPerspective
def test_perspective_keeps_the_origin_and_maps_corners_to_their_draws():
    layer = layers.RandomPerspective((1.0, 1.0), scale=0.6, seed=2, bounding_box_format="xyxy")
    transformation = layer.get_random_transformation(IMAGES, rng=layer._rng())
    start, end = transformation["start_points"], transformation["end_points"]
    np.testing.assert_array_equal(end[:, 0], 0.0)  # the top-left corner never moves
    assert (np.abs(end - start) <= 0.3 * start + 1e-5).all()
    # A box around the whole image becomes the box around the moved corners.
    whole = {"boxes": np.tile(np.float32([0, 0, 8, 7]), (4, 1, 1)), "labels": np.ones((4, 1))}
    moved = layer.transform_bounding_boxes(whole, transformation)["boxes"][:, 0]
    np.testing.assert_allclose(moved[:, 2], np.clip(end[:, [1, 3], 0].max(axis=1), 0, 9),
                               rtol=0.2, atol=1.0)


def test_perspective_warps_segmentation_masks_with_nearest():
    masks = np.random.default_rng(3).integers(0, 4, (4, 8, 9, 1)).astype("float32")
    out = layers.RandomPerspective((1.0, 1.0), scale=0.5, seed=1)(
        {"images": IMAGES, "segmentation_masks": masks})
    assert set(np.unique(values(out["segmentation_masks"]))) <= {0.0, 1.0, 2.0, 3.0}


# --------------------------------------------------- RandomElasticTransform
def test_elastic_transform_moves_pixels_smoothly_and_clips():
    ramp = np.tile(np.arange(24, dtype="float32"), (24, 1))[None, :, :, None]
    layer = layers.RandomElasticTransform((1.0, 1.0), scale=(1.0, 1.0), value_range=(0, 23),
                                          seed=4)
    out = values(layer(ramp))[0, :, :, 0]
    shift = out - ramp[0, :, :, 0]
    assert np.abs(shift).max() > 0.5 and out.min() >= 0 and out.max() <= 23
    # A smooth field: neighbouring shifts differ much less than the shifts.
    assert np.abs(np.diff(shift, axis=0)).mean() < np.abs(shift).mean()


def test_elastic_transform_with_factor_zero_is_identity():
    np.testing.assert_array_equal(values(layers.RandomElasticTransform(0.0)(IMAGES)), IMAGES)


ERRORS = [
    (lambda: layers.RandomShear(1.5), ValueError, "in the range \\[0, 1.0\\]"),
    (lambda: layers.RandomShear(0.1, (0.1, 0.2, 0.3)), ValueError, "y_factor="),
    (lambda: layers.RandomShear(0.1, fill_mode="mirror"), NotImplementedError, "fill_mode"),
    (lambda: layers.RandomShear(0.1)({"images": IMAGES, "bounding_boxes": {}}), ValueError,
     "bounding_box_format"),
    (lambda: layers.RandomGaussianBlur(kernel_size=4), ValueError, "must be an odd number"),
    (lambda: layers.RandomGaussianBlur(sigma=2.0), ValueError, "`sigma` argument"),
    (lambda: layers.RandomGaussianBlur(factor=1.5), ValueError, "`factor` argument"),
    (lambda: layers.RandomErasing(scale=(0.1, 0.2, 0.3)), ValueError, "`scale` argument"),
    (lambda: layers.RandomErasing(fill_value="red")(IMAGES), ValueError, "`fill_value`"),
    (lambda: layers.CutMix(factor=2.0), ValueError, "`factor` argument"),
    (lambda: layers.RandomPerspective(scale=1.5), ValueError, "`scale` argument"),
    (lambda: layers.RandomPerspective(interpolation="bicubic"), NotImplementedError,
     "interpolation"),
    (lambda: layers.RandomElasticTransform(fill_mode="edge"), NotImplementedError, "fill_mode"),
    (lambda: layers.RandomElasticTransform(scale=(0.1, 0.2, 0.3)), ValueError, "`scale`"),
    (lambda: layers.MaxNumBoundingBoxes(3)({"images": IMAGES, "bounding_boxes": {
        "boxes": np.zeros((4, 1, 4)), "labels": np.zeros((4, 1))}}), ValueError,
     "bounding box format"),
    (lambda: layers.MaxNumBoundingBoxes(3, bounding_box_format="xyxy")(
        {"images": IMAGES, "bounding_boxes": {"boxes": np.zeros((4, 1, 4))}}), ValueError,
     "keys 'boxes' and 'labels'"),
    (lambda: layers.MaxNumBoundingBoxes(3).compute_output_shape(
        {"bounding_boxes": {"boxes": (1, 2, 4), "labels": (1, 2), "scores": (1, 2)}}),
     KeyError, "unsupported keys"),
]


@pytest.mark.parametrize("make,error,message", ERRORS)
def test_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


# ------------------------------------------------------------ HashedCrossing
def test_hashed_crossing_chains_fingerprints_from_the_default_key():
    from kerasish.layers.preprocessing import hash_functions
    from kerasish.layers.preprocessing.hashed_crossing import cross_hash, fingerprint_cat64

    key = 0xDECAFCAFFE
    expected = fingerprint_cat64(fingerprint_cat64(key, 3), hash_functions.fingerprint64(b"x"))
    assert cross_hash([3, "x"], 0) == expected % (2**63 - 1)
    assert cross_hash([3, "x"], 10) == expected % 10
    assert cross_hash([-1, "x"], 0) == cross_hash([2**64 - 1, "x"], 0)  # two's complement


def test_hashed_crossing_shapes_modes_and_order():
    layer = layers.HashedCrossing(8)
    a, b = np.array([[1], [2], [3]]), np.array([["p"], ["q"], ["p"]])
    ids = values(layer((a, b)))
    assert ids.shape == (3, 1) and ids.dtype == np.int64 and (0 <= ids).all() and (ids < 8).all()
    wide = layers.HashedCrossing(1000)
    assert not np.array_equal(values(wide((a, b))), values(wide((b, a))))  # order matters
    assert values(layer((a[:, 0], b[:, 0]))).shape == (3,)
    one_hot = values(layers.HashedCrossing(8, output_mode="one_hot")((a, b)))
    assert one_hot.shape == (3, 8) and one_hot.dtype == np.float32
    np.testing.assert_array_equal(one_hot.argmax(axis=1), ids[:, 0])
    assert layer.compute_output_shape(((None, 1), (None, 1))) == (None, 1)
    config = layer.get_config()
    assert layers.HashedCrossing.from_config(config).get_config() == config


def test_hashed_crossing_inside_a_model_trains():
    first, second = keras.Input((1,), dtype="int64"), keras.Input((1,), dtype="string")
    crossed = layers.HashedCrossing(5, output_mode="one_hot")((first, second))
    model = keras.Model([first, second], layers.Dense(1)(crossed))
    model.compile("sgd", "mse")
    x = [np.array([[1], [2], [3], [1]]), np.array([["a"], ["b"], ["a"], ["a"]])]
    history = model.fit(x, np.ones((4, 1)), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()


@pytest.mark.parametrize("make,message", [
    (lambda: layers.HashedCrossing(4, output_mode="multi_hot"), "output_mode"),
    (lambda: layers.HashedCrossing(4, sparse=True), "sparse"),
    (lambda: layers.HashedCrossing(4)(np.array([1, 2])), "list or tuple"),
    (lambda: layers.HashedCrossing(4)((np.array([1, 2]),)), "at least two"),
    (lambda: layers.HashedCrossing(4)((np.array([1, 2]), np.array([1]))), "equal shape"),
    (lambda: layers.HashedCrossing(4)((np.ones((2, 2), int), np.ones((2, 2), int))), "shape"),
    (lambda: layers.HashedCrossing(4)((np.array([1.5]), np.array([1]))), "integer or string"),
])
def test_hashed_crossing_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


# ------------------------------------------------- keras.utils.bounding_boxes
BOX_FORMATS = ["xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw", "rel_xyxy", "rel_yxyx",
               "rel_xywh", "rel_center_xywh"]


@pytest.mark.parametrize("fmt", BOX_FORMATS)
def test_convert_format_round_trips(fmt):
    boxes = np.array([[[2.0, 4.0, 10.0, 12.0], [0.0, 0.0, 40.0, 20.0]]], "float32")
    bb = keras.utils.bounding_boxes
    there = bb.convert_format(boxes, "xyxy", fmt, height=20, width=40)
    np.testing.assert_allclose(bb.convert_format(there, fmt, "xyxy", height=20, width=40), boxes,
                               rtol=1e-6)
    data = {"boxes": boxes.copy(), "labels": np.ones((1, 2))}
    assert bb.convert_format(data, "xyxy", fmt, height=20, width=40) is data


def test_convert_format_known_values_and_errors():
    bb = keras.utils.bounding_boxes
    box = np.array([[10.0, 20.0, 30.0, 60.0]])
    np.testing.assert_allclose(bb.convert_format(box, "xyxy", "xywh"), [[10, 20, 20, 40]])
    np.testing.assert_allclose(bb.convert_format(box, "xyxy", "center_yxhw"), [[40, 20, 40, 20]])
    with pytest.raises(ValueError, match="Invalid source or target format"):
        bb.convert_format(box, "xyxy", "corners")
    with pytest.raises(ValueError, match="must receive `height` and `width`"):
        bb.convert_format(box, "xyxy", "rel_xyxy")
    with pytest.raises(ValueError, match="last dimension of 4"):
        bb.convert_format(np.zeros((2, 3)), "xyxy", "yxyx")


def test_iou_of_known_boxes_and_masking():
    bb = keras.utils.bounding_boxes
    a = np.array([[0.0, 0.0, 2.0, 2.0], [-1.0, -1.0, -1.0, -1.0]])
    b = np.array([[1.0, 1.0, 3.0, 3.0], [0.0, 0.0, 2.0, 2.0]])
    iou = bb.compute_iou(a, b, "xyxy")
    np.testing.assert_allclose(iou[0], [1 / 7, 1.0], rtol=1e-5)
    masked = bb.compute_iou(a, b, "xyxy", use_masking=True, mask_val=-5)
    np.testing.assert_array_equal(masked[1], [-5, -5])
    assert bb.compute_ciou(a[:1], a[:1], "xyxy")[0] == pytest.approx(1.0, abs=1e-5)
    assert bb.compute_ciou(a[:1], b[:1], "xyxy")[0] < 1 / 7
