"""Unit tests of the colour and intensity augmentation layers, RandAugment,
AugMix and layers.Pipeline (value parity with Keras is in
compat_tests/test_color_augmentation_parity.py)."""

import numpy as np
import pytest

import kerasish as keras
from kerasish.backend.masking import get_keras_mask
from tests.layer_checks import check_layer

layers = keras.layers


def values(x):
    return np.asarray(getattr(x, "value", x))


RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(0, 255, (6, 8, 7, 3)).astype("float32")
UNIT_IMAGES = (IMAGES / 255).astype("float32")


def to_channels_first(x):
    return np.moveaxis(x, -1, -3)


# --------------------------------------------------- shared layer checks (float64)
@pytest.mark.parametrize("make_layer", [
    lambda: layers.AutoContrast(value_range=(-4, 4)),
    lambda: layers.Solarization(value_range=(-4, 4)),
    lambda: layers.RandomInvert((1.0, 1.0), value_range=(-4, 4)),
    lambda: layers.RandomGrayscale(1.0),
    lambda: layers.RandomColorDegeneration((0.3, 0.3), value_range=(-9, 9)),
    lambda: layers.RandomSharpness((0.7, 0.7), value_range=(-9, 9)),
    lambda: layers.RandomColorJitter((-9, 9), brightness_factor=(0.1, 0.1)),
    lambda: layers.Pipeline([layers.RandomInvert((1.0, 1.0), (-4, 4)),
                             layers.AutoContrast(value_range=(-4, 4))]),
])
def test_layer_checks(make_layer):
    # Values, shapes, config round trip and finite-difference gradients.
    check_layer(make_layer, input_shape=(2, 5, 4, 3), num_weights=0)


# Deterministic settings of every layer, for the format and rank checks.
DETERMINISTIC = [
    lambda f: layers.AutoContrast(data_format=f),
    lambda f: layers.Equalization(data_format=f),
    lambda f: layers.Solarization(data_format=f),
    lambda f: layers.RandomInvert((1.0, 1.0), data_format=f),
    lambda f: layers.RandomGrayscale(1.0, data_format=f),
    lambda f: layers.RandomColorDegeneration((0.6, 0.6), data_format=f),
    lambda f: layers.RandomSaturation((0.8, 0.8), data_format=f),
    lambda f: layers.RandomHue((1.0, 1.0), data_format=f),
    lambda f: layers.RandomColorJitter(brightness_factor=(0.1, 0.1), saturation_factor=(0, 0),
                                       data_format=f),
    lambda f: layers.RandomPosterization((3, 3), data_format=f),
    lambda f: layers.RandomSharpness((0.9, 0.9), data_format=f),
    lambda f: layers.ContrastLimitedAdaptiveHistogramEqualization(tile_grid_size=(2, 2),
                                                                  data_format=f),
    lambda f: layers.RandAugment(num_ops=0, data_format=f),
    lambda f: layers.Pipeline([layers.Solarization(data_format=f),
                               layers.RandomSharpness((0.2, 0.2), data_format=f)]),
]
IDS = ["AutoContrast", "Equalization", "Solarization", "RandomInvert", "RandomGrayscale",
       "RandomColorDegeneration", "RandomSaturation", "RandomHue", "RandomColorJitter",
       "RandomPosterization", "RandomSharpness", "CLAHE", "RandAugment", "Pipeline"]


@pytest.mark.parametrize("make_layer", DETERMINISTIC[1:], ids=IDS[1:])
def test_channels_first_is_the_transposed_channels_last(make_layer):
    last = values(make_layer("channels_last")(IMAGES))
    first = values(make_layer("channels_first")(to_channels_first(IMAGES)))
    np.testing.assert_allclose(to_channels_first(last), first, rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("make_layer", DETERMINISTIC, ids=IDS)
def test_a_single_image_is_the_batch_of_one(make_layer):
    layer = make_layer("channels_last")
    single = values(layer(IMAGES[0]))
    assert single.shape == IMAGES[0].shape
    np.testing.assert_allclose(single, values(layer(IMAGES[:1]))[0], rtol=1e-6, atol=1e-4)


# ------------------------------------------------------------ random settings
RANDOM = {
    "Solarization": lambda seed: layers.Solarization(0.3, 0.6, seed=seed),
    "RandomInvert": lambda seed: layers.RandomInvert(seed=seed),
    "RandomGrayscale": lambda seed: layers.RandomGrayscale(seed=seed),
    "RandomColorDegeneration": lambda seed: layers.RandomColorDegeneration(0.8, seed=seed),
    "RandomSaturation": lambda seed: layers.RandomSaturation(0.9, seed=seed),
    "RandomHue": lambda seed: layers.RandomHue(0.8, seed=seed),
    "RandomColorJitter": lambda seed: layers.RandomColorJitter(
        brightness_factor=0.2, contrast_factor=0.3, saturation_factor=0.6, hue_factor=0.3,
        seed=seed),
    "RandomPosterization": lambda seed: layers.RandomPosterization(6, seed=seed),
    "RandomSharpness": lambda seed: layers.RandomSharpness(0.9, seed=seed),
    "RandAugment": lambda seed: layers.RandAugment(seed=seed),
    "AugMix": lambda seed: layers.AugMix(seed=seed),
    "Equalization": lambda seed: layers.Equalization(),
}


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_inference_passes_images_through(name):
    layer = RANDOM[name](1)
    np.testing.assert_array_equal(values(layer(IMAGES, training=False)), IMAGES)


@pytest.mark.parametrize("name", sorted(set(RANDOM) - {"Equalization"}))
def test_a_seed_makes_the_draws_reproducible(name):
    first, second = RANDOM[name](7), RANDOM[name](7)
    outputs = [values(first(IMAGES)) for _ in range(3)]
    np.testing.assert_array_equal(outputs[0], values(second(IMAGES)))
    # Later calls draw anew.
    assert any(not np.array_equal(outputs[0], later) for later in outputs[1:])


@pytest.mark.parametrize("name", sorted(set(RANDOM) - {"Equalization"}))
def test_config_round_trip_and_uint8_images(name):
    layer = RANDOM[name](3)
    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    images = IMAGES.astype("uint8")
    if name == "RandomSaturation":  # HSV needs floats, as in Keras
        with pytest.raises(ValueError, match="float"):
            layer(images)
        return
    out = values(layer(images))
    assert out.shape == images.shape
    expected = "uint8" if name == "RandomGrayscale" else "float32"
    assert out.dtype == expected


def test_augmentation_acts_in_fit_and_not_in_predict():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((8, 7, 3)),
        layers.Pipeline([layers.RandomInvert((1.0, 1.0), (0, 1)),
                         layers.RandomColorJitter((0, 1), brightness_factor=0.1,
                                                  hue_factor=0.2)]),
        layers.RandAugment((0, 1), seed=2), layers.AugMix((0, 1), seed=3),
        layers.Flatten(), layers.Dense(2, activation="softmax"),
    ])
    dense = model.layers[-1]
    model.compile("adam", "sparse_categorical_crossentropy")
    history = model.fit(UNIT_IMAGES, np.array([0, 1, 0, 1, 0, 1]), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    # predict passes the images through the augmentation untouched ...
    untouched = values(dense(UNIT_IMAGES.reshape(6, -1)))
    np.testing.assert_allclose(model.predict(UNIT_IMAGES, verbose=0), untouched, rtol=1e-5)
    # ... and training=True inverts them (among other changes).
    assert not np.allclose(values(model(UNIT_IMAGES, training=True)), untouched)


# ------------------------------------------------------------------ per layer
def test_auto_contrast_takes_extremes_over_axes_1_and_2_in_both_formats():
    # Keras's choice, kept for parity: with channels_first that is over
    # channels and height, per column.
    first = to_channels_first(IMAGES * 0.5 + 20)
    out = values(layers.AutoContrast(data_format="channels_first")(first))
    np.testing.assert_allclose(out.min(axis=(1, 2)), 0, atol=1e-3)
    np.testing.assert_allclose(out.max(axis=(1, 2)), 255, atol=1e-3)


def test_auto_contrast_stretches_each_channel_to_the_full_range():
    out = values(layers.AutoContrast()(IMAGES * 0.5 + 20))
    np.testing.assert_allclose(out.min(axis=(1, 2)), 0, atol=1e-3)
    np.testing.assert_allclose(out.max(axis=(1, 2)), 255, atol=1e-3)
    flat = np.full((1, 3, 3, 3), 9.0, dtype="float32")
    np.testing.assert_array_equal(values(layers.AutoContrast()(flat)), flat)


def test_equalization_flattens_the_histogram():
    # Values crowded in [100, 110]: equalized they spread over [0, 255].
    crowded = RNG.uniform(100, 110, (1, 32, 32, 1)).astype("float32")
    out = values(layers.Equalization()(crowded))
    assert out.min() == 0 and out.max() == 255
    counts = np.histogram(out, bins=4, range=(0, 256))[0]
    assert counts.min() > 0.15 * out.size  # each quarter of the range gets a share


def test_solarization_inverts_above_the_threshold():
    layer = layers.Solarization(threshold_factor=(0.5, 0.5), seed=1)
    out = values(layer(IMAGES))
    # The threshold is drawn from [0.5, 0.5 * 255]: below it values stay.
    kept, inverted = np.isclose(out, IMAGES), np.isclose(out, 255 - IMAGES)
    assert np.all(kept | inverted)
    for image, kept_image in zip(IMAGES, kept):
        if kept_image.any() and (~kept_image).any():
            assert image[kept_image].max() <= image[~kept_image].min()


def test_random_invert_and_grayscale_hit_about_half_the_images():
    many = np.repeat(IMAGES[:1], 400, axis=0)
    inverted = values(layers.RandomInvert(seed=0)(many))
    share = np.mean([np.allclose(image, 255 - many[0]) for image in inverted])
    assert 0.4 < share < 0.6
    grey = values(layers.RandomGrayscale(seed=0)(many))
    share = np.mean([np.allclose(image[..., 0], image[..., 2]) for image in grey])
    assert 0.4 < share < 0.6


def test_grayscale_keeps_channels_and_luminance():
    out = values(layers.RandomGrayscale(1.0)(IMAGES))
    expected = IMAGES @ np.array([0.2989, 0.5870, 0.1140], dtype="float32")
    for channel in range(3):
        np.testing.assert_allclose(out[..., channel], expected, rtol=1e-5)


def _blend_factors(original, target, out):
    """Per image: the f with out = original + f * (target - original)."""
    difference = (target - original).reshape(len(out), -1)
    moved = (out - original).reshape(len(out), -1)
    return (moved * difference).sum(1) / (difference * difference).sum(1)


def test_color_degeneration_blends_within_the_factor_range():
    gray = values(layers.RandomGrayscale(1.0)(UNIT_IMAGES))
    out = values(layers.RandomColorDegeneration(0.4, value_range=(-9, 9), seed=2)(UNIT_IMAGES))
    factors = _blend_factors(UNIT_IMAGES, gray, out)
    assert np.all(factors >= -0.4 - 1e-5) and np.all(factors <= 0.4 + 1e-5)
    assert factors.std() > 0.01  # drawn per image


def test_sharpness_blends_towards_the_blur_within_the_factor_range():
    blurred = values(layers.RandomSharpness((0.0, 0.0), value_range=(-9, 9))(UNIT_IMAGES))
    out = values(layers.RandomSharpness((0.2, 0.7), value_range=(-9, 9), seed=1)(UNIT_IMAGES))
    # out = x + (1 - 2f) (blur - x): the blend is 1 - 2f, f in [0.2, 0.7].
    blends = _blend_factors(UNIT_IMAGES, blurred, out)
    assert np.all(blends <= 0.6 + 1e-5) and np.all(blends >= -0.4 - 1e-5)


def test_saturation_scales_saturation_and_keeps_hue_and_value():
    hsv_in = keras.ops.image.rgb_to_hsv(UNIT_IMAGES)
    layer = layers.RandomSaturation((0.3, 0.45), value_range=(0, 1), seed=1)
    hsv_out = keras.ops.image.rgb_to_hsv(values(layer(UNIT_IMAGES)))
    np.testing.assert_allclose(hsv_out[..., 2], hsv_in[..., 2], atol=1e-5)
    ratio = hsv_out[..., 1] / hsv_in[..., 1]
    low, high = 0.3 / 0.7, 0.45 / 0.55  # f / (1 - f) at the bounds
    assert ratio.min() > low - 1e-4 and ratio.max() < high + 1e-4


def test_hue_turns_by_at_most_half_the_factor():
    hsv_in = keras.ops.image.rgb_to_hsv(UNIT_IMAGES)
    out = values(layers.RandomHue(0.4, value_range=(0, 1), seed=3)(UNIT_IMAGES))
    hsv_out = keras.ops.image.rgb_to_hsv(out)
    turn = (hsv_out[..., 0] - hsv_in[..., 0] + 0.5) % 1.0 - 0.5
    assert np.abs(turn).max() <= 0.2 + 1e-4
    np.testing.assert_allclose(hsv_out[..., 2], hsv_in[..., 2], atol=1e-5)
    signs = np.sign(np.median(turn.reshape(len(out), -1), axis=1))
    assert set(signs) == {-1.0, 1.0}  # both directions are drawn


def test_posterization_keeps_between_low_and_high_minus_one_bits():
    many = np.repeat(IMAGES[:1], 60, axis=0)
    out = values(layers.RandomPosterization((2, 5), seed=0)(many))
    kept_bits = set()
    for image in out.astype("int64"):
        step = 2 ** (8 - next(b for b in (2, 3, 4) if np.all(image % 2 ** (8 - b) == 0)))
        kept_bits.add(8 - int(np.log2(step)))
    assert kept_bits == {2, 3, 4}  # [2, 5): 5 bits never kept


def test_clahe_keeps_dtype_and_a_constant_image():
    constant = np.full((1, 16, 16, 1), 77, dtype="uint8")
    out = values(layers.ContrastLimitedAdaptiveHistogramEqualization()(constant))
    assert out.dtype == np.uint8
    assert len(np.unique(out)) == 1
    ramp = np.tile(np.linspace(60, 90, 16, dtype="float32"), (1, 16, 1))[..., None]
    spread = values(layers.ContrastLimitedAdaptiveHistogramEqualization(
        tile_grid_size=(2, 2), clip_limit=40)(ramp))
    assert np.ptp(spread) > 3 * np.ptp(ramp)  # contrast raised


def test_rand_augment_uses_every_operation_and_stays_in_range():
    layer = layers.RandAugment((0, 1), num_ops=3, seed=0)
    picked = set()
    for _ in range(30):
        transformation = layer.get_random_transformation(UNIT_IMAGES, rng=layer._rng())
        picked |= set(transformation["names"])
        out = values(layer.transform_images(UNIT_IMAGES, transformation))
        assert out.min() >= -1e-5 and out.max() <= 1 + 1e-5
    expected = ["random_translation", "random_rotation", "random_brightness",
                "random_color_degeneration", "random_contrast", "random_sharpness",
                "random_posterization", "solarization", "auto_contrast", "equalization"]
    if hasattr(layers, "RandomShear"):
        expected.insert(0, "random_shear")
    assert layer._augment_layers == expected
    assert picked == set(expected)


def test_aug_mix_depth_zero_is_the_identity_and_all_ops_choose_the_set():
    out = values(layers.AugMix((0, 255), chain_depth=0, seed=1)(IMAGES))
    np.testing.assert_allclose(out, IMAGES, rtol=1e-5, atol=1e-3)
    few = layers.AugMix(all_ops=False)
    assert "random_brightness" not in few._augment_layers
    assert "equalization" in few._augment_layers
    mixed = values(layers.AugMix((0, 255), seed=2)(IMAGES))
    assert mixed.min() >= 0 and mixed.max() <= 255 and not np.allclose(mixed, IMAGES)


def test_pipeline_forwards_training_and_round_trips(tmp_path):
    pipeline = layers.Pipeline([layers.RandomInvert((1.0, 1.0)), layers.Rescaling(0.5)],
                               name="pre")
    np.testing.assert_allclose(values(pipeline(IMAGES)), (255 - IMAGES) * 0.5, rtol=1e-6)
    np.testing.assert_allclose(values(pipeline(IMAGES, training=False)), IMAGES * 0.5)
    config = pipeline.get_config()
    assert list(config) == ["layers", "name"]
    clone = layers.Pipeline.from_config(config)
    assert [type(x).__name__ for x in clone.layers] == ["RandomInvert", "Rescaling"]
    assert clone.compute_output_shape((None, 8, 7, 3)) == (None, 8, 7, 3)
    model = keras.Sequential([keras.Input((8, 7, 3)), pipeline])
    model.save(tmp_path / "pipeline.keras")
    loaded = keras.models.load_model(tmp_path / "pipeline.keras")
    np.testing.assert_allclose(values(loaded(IMAGES, training=True)), (255 - IMAGES) * 0.5,
                               rtol=1e-6)


def test_pipeline_passes_masks_along():
    pipeline = layers.Pipeline([layers.Masking(0.0), layers.Dense(2)])
    x = np.array([[[1.0], [0.0]]], dtype="float32")
    out = pipeline(x)
    np.testing.assert_array_equal(values(get_keras_mask(out)), [[True, False]])


@pytest.mark.parametrize("make_layer,message", [
    (lambda: layers.AutoContrast(value_range=(1, 2, 3)), "value_range=(1, 2, 3)"),
    (lambda: layers.Equalization(value_range="x"), "value_range=x"),
    (lambda: layers.Solarization(addition_factor=(0.1, 1.1)), "input_number=1.1"),
    (lambda: layers.RandomInvert(factor=1.5), "in the range [0, 1]"),
    (lambda: layers.RandomGrayscale(factor=-0.1), "between 0 and 1"),
    (lambda: layers.RandomHue(factor=2), "in the range [0, 1]"),
    (lambda: layers.RandomPosterization(factor=0), "in the range [1, 8]"),
    (lambda: layers.RandAugment(factor=1.5), "in the range [0, 1]"),
    (lambda: layers.AugMix(factor=(0.1, 0.2, 0.3)), "Received: factor=(0.1, 0.2, 0.3)"),
    (lambda: layers.Pipeline.from_config({"layers": None}), "must contain a `layers` key"),
])
def test_argument_errors(make_layer, message):
    with pytest.raises(ValueError) as info:
        make_layer()
    assert message in str(info.value)


def test_color_degeneration_output_shape_needs_three_channels():
    layer = layers.RandomColorDegeneration(0.2)
    assert layer.compute_output_shape((None, 4, 4, 3)) == (None, 4, 4, 3)
    with pytest.raises(ValueError, match="must have 3 channels"):
        layer.compute_output_shape((None, 4, 4, 2))


# ------------------------------------------- labels, boxes and masks of dict inputs
MASKS = RNG.integers(0, 3, (6, 8, 7, 1)).astype("uint8")
BOXES = {"boxes": np.array([[[1.0, 1.0, 5.0, 5.0]]] * 6, dtype="float32"),
         "labels": np.zeros((6, 1), dtype="int32")}


@pytest.mark.parametrize("make_layer", DETERMINISTIC[:-2] + [lambda f: RANDOM["AugMix"](1)],
                         ids=IDS[:-2] + ["AugMix"])
def test_colour_layers_leave_labels_and_boxes_alone(make_layer):
    layer = make_layer("channels_last")
    transformation = layer.get_random_transformation(IMAGES, rng=layer._rng())
    labels = np.arange(6)
    assert layer.transform_labels(labels, transformation) is labels
    assert layer.transform_bounding_boxes(BOXES, transformation) is BOXES
    if not isinstance(layer, layers.AugMix):
        assert layer.transform_segmentation_masks(MASKS, transformation) is MASKS


def test_rand_augment_moves_masks_only_with_geometric_picks():
    layer = layers.RandAugment(num_ops=3, seed=0)
    colour = {"names": ["equalization", "random_contrast", "solarization"]}
    colour["transforms"] = {name: getattr(layer, name).get_random_transformation(
        IMAGES, rng=layer._rng()) for name in colour["names"]}
    np.testing.assert_array_equal(layer.transform_segmentation_masks(MASKS, colour), MASKS)
    assert layer.transform_bounding_boxes(BOXES, colour) is BOXES
    assert layer.transform_segmentation_masks(MASKS, None, training=False) is MASKS


def test_aug_mix_mixes_masks_like_images():
    # Pixel-only chains leave each mask as it was, so the mix is the mask.
    layer = layers.AugMix(seed=2)
    transformation = layer.get_random_transformation(IMAGES, rng=layer._rng())
    transformation["chain_transforms"] = [
        [step for step in chain if step[0] in ("equalization", "solarization")]
        for chain in transformation["chain_transforms"]]
    mixed = values(layer.transform_segmentation_masks(MASKS, transformation))
    np.testing.assert_allclose(mixed, MASKS, rtol=1e-5)


def test_the_model_call_training_overrides_one_recorded_in_the_graph():
    # Keras's functional files record training=True for augmentation layers;
    # predict (training=False) must still pass images through, as in Keras.
    inputs = keras.Input((8, 7, 3))
    outputs = layers.RandomInvert((1.0, 1.0))(inputs, training=True)
    model = keras.Model(inputs, outputs)
    np.testing.assert_array_equal(model.predict(IMAGES, verbose=0), IMAGES)
    np.testing.assert_array_equal(values(model(IMAGES, training=False)), IMAGES)
    np.testing.assert_allclose(values(model(IMAGES)), 255 - IMAGES)  # the recorded True
