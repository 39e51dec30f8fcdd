"""The colour and intensity augmentation layers (AutoContrast, Equalization,
Solarization, RandomInvert, RandomGrayscale, RandomColorDegeneration,
RandomSaturation, RandomHue, RandomColorJitter, RandomPosterization,
RandomSharpness, ContrastLimitedAdaptiveHistogramEqualization), RandAugment,
AugMix and layers.Pipeline against real Keras 3.

Deterministic layers, and random ones at a factor that fixes their draw
(`factor=(x, x)` where that decides the output), are compared value for
value over both data formats, single images and batches, float and uint8
inputs; the others on their inference-mode output, their configs and
.keras files both ways. `COLOR_AUGMENTATION_CASES` join the generic LAYERS
table of test_layers_parity.py (outputs and input gradients of a direct
call, configs, shapes).
"""

import json

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import Tolerance, assert_close, real_keras

# test_layers_parity's fields (that module imports this one, so not its class).
from compat_tests.test_preprocessing_parity import LayerCase

# Pixel values up to 255 with float32 rounding in another order (a 3-term
# dot product for grey, HSV conversions written differently).
PIXELS = Tolerance(1e-5, 2e-3, "float32 colour arithmetic on values up to 255, another order")

# The generic table feeds values in [-2, 2]: the layers get that value range.
R = (-2, 2)
COLOR_AUGMENTATION_CASES = [
    LayerCase("AutoContrast", lambda m: m.layers.AutoContrast(value_range=R), (2, 5, 4, 3)),
    LayerCase("Equalization", lambda m: m.layers.Equalization(value_range=R), (2, 5, 4, 2)),
    LayerCase("Solarization", lambda m: m.layers.Solarization(value_range=R), (2, 5, 4, 2)),
    LayerCase("RandomInvert[always]", lambda m: m.layers.RandomInvert((1.0, 1.0), R),
              (2, 5, 4, 2)),
    LayerCase("RandomGrayscale[always]", lambda m: m.layers.RandomGrayscale(1.0), (2, 5, 4, 3)),
    LayerCase("RandomColorDegeneration[fixed]",
              lambda m: m.layers.RandomColorDegeneration((0.4, 0.4), value_range=R), (2, 5, 4, 3)),
    LayerCase("RandomSaturation[fixed]",
              lambda m: m.layers.RandomSaturation((0.3, 0.3), value_range=(0, 1)), (2, 5, 4, 3)),
    LayerCase("RandomHue[half_turn]",
              lambda m: m.layers.RandomHue((1.0, 1.0), value_range=R), (2, 5, 4, 3),
              Tolerance(1e-5, 1e-5, "HSV round trip in float32")),
    LayerCase("RandomColorJitter[fixed]", lambda m: m.layers.RandomColorJitter(
        R, brightness_factor=(0.1, 0.1), saturation_factor=(0.0, 0.0)), (2, 5, 4, 3)),
    LayerCase("RandomPosterization[fixed]",
              lambda m: m.layers.RandomPosterization((3, 3), value_range=R), (2, 5, 4, 2)),
    LayerCase("RandomSharpness[fixed]",
              lambda m: m.layers.RandomSharpness((0.8, 0.8), value_range=R), (2, 5, 4, 2)),
    LayerCase("ContrastLimitedAdaptiveHistogramEqualization", lambda m: (
        m.layers.ContrastLimitedAdaptiveHistogramEqualization(R, tile_grid_size=(2, 2))),
        (2, 5, 4, 2)),
    # No augmentation picked: the identity in both libraries.
    LayerCase("RandAugment[no_ops]", lambda m: m.layers.RandAugment(R, num_ops=0), (2, 5, 4, 3)),
    # Chains of depth 0 mix copies of the image: the identity up to rounding.
    LayerCase("AugMix[depth0]", lambda m: m.layers.AugMix(R, chain_depth=0), (2, 5, 4, 3),
              Tolerance(1e-5, 1e-6, "mixing weights summing to 1 in float32")),
]
# Keras's Pipeline has no compute_output_shape (kerasish's has): it is compared
# below (outputs and input gradients, config, .keras files).
COLOR_AUGMENTATION_ELSEWHERE = {"Pipeline"}


def both(factory):
    return factory(kerasish), factory(real_keras())


def outputs(layer, x, **kwargs):
    result = layer(x, **kwargs)
    return np.asarray(getattr(result, "value", result))


def _images(kind, data_format, rank, seed=0):
    rng = np.random.default_rng(seed)
    if kind == "uint8":
        x = rng.integers(0, 256, (2, 9, 7, 3)).astype("uint8")
    else:
        x = rng.uniform(0, 1 if kind == "unit" else 255, (2, 9, 7, 3)).astype("float32")
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    return x if rank == 4 else x[0]


# (label, factory, kinds of input): every input kind on both data formats and ranks.
DETERMINISTIC = [
    ("AutoContrast", lambda m, f: m.layers.AutoContrast(data_format=f), ("255", "uint8")),
    ("AutoContrast[unit]", lambda m, f: m.layers.AutoContrast((0, 1), data_format=f), ("unit",)),
    ("Equalization", lambda m, f: m.layers.Equalization(data_format=f), ("255", "uint8")),
    ("Equalization[unit,64]", lambda m, f: m.layers.Equalization((0, 1), 64, data_format=f),
     ("unit",)),
    ("Solarization", lambda m, f: m.layers.Solarization(data_format=f), ("255", "uint8")),
    ("Solarization[unit]", lambda m, f: m.layers.Solarization(value_range=(0, 1), data_format=f),
     ("unit",)),
    ("RandomInvert[always]", lambda m, f: m.layers.RandomInvert((1, 1), data_format=f),
     ("255", "uint8")),
    ("RandomInvert[never]", lambda m, f: m.layers.RandomInvert((0, 0), data_format=f), ("255",)),
    ("RandomGrayscale[always]", lambda m, f: m.layers.RandomGrayscale(1.0, data_format=f),
     ("255", "uint8")),
    ("RandomGrayscale[never]", lambda m, f: m.layers.RandomGrayscale(0.0, data_format=f),
     ("uint8",)),
    ("RandomColorDegeneration", lambda m, f: m.layers.RandomColorDegeneration(
        (0.3, 0.3), data_format=f), ("255", "uint8")),
    ("RandomSaturation", lambda m, f: m.layers.RandomSaturation((0.7, 0.7), data_format=f),
     ("255",)),
    ("RandomSaturation[unit]", lambda m, f: m.layers.RandomSaturation(
        (0.2, 0.2), (0, 1), data_format=f), ("unit",)),
    ("RandomHue[half_turn]", lambda m, f: m.layers.RandomHue((1, 1), data_format=f),
     ("255", "uint8")),
    ("RandomHue[zero]", lambda m, f: m.layers.RandomHue((0, 0), (0, 1), data_format=f),
     ("unit",)),
    ("RandomPosterization", lambda m, f: m.layers.RandomPosterization((3, 3), data_format=f),
     ("255", "uint8")),
    ("RandomPosterization[unit]", lambda m, f: m.layers.RandomPosterization(
        (5, 5), (0, 1), data_format=f), ("unit",)),
    ("RandomSharpness", lambda m, f: m.layers.RandomSharpness((0.8, 0.8), data_format=f),
     ("255", "uint8")),
    ("RandomSharpness[blur]", lambda m, f: m.layers.RandomSharpness(
        (0.1, 0.1), (0, 1), data_format=f), ("unit",)),
    ("CLAHE", lambda m, f: m.layers.ContrastLimitedAdaptiveHistogramEqualization(
        tile_grid_size=(2, 3), data_format=f), ("255", "uint8")),
    ("CLAHE[unit]", lambda m, f: m.layers.ContrastLimitedAdaptiveHistogramEqualization(
        (0, 1), clip_limit=2.0, tile_grid_size=(4, 2), data_format=f), ("unit",)),
    ("CLAHE[no_clip]", lambda m, f: m.layers.ContrastLimitedAdaptiveHistogramEqualization(
        clip_limit=0, tile_grid_size=(3, 3), data_format=f), ("255", "uint8")),
    ("CLAHE[default_grid]", lambda m, f: m.layers.ContrastLimitedAdaptiveHistogramEqualization(
        data_format=f), ("uint8",)),
]
# Keras's RandomColorJitter gives its parts the global data_format: channels_last only.
JITTER = ("RandomColorJitter", lambda m: m.layers.RandomColorJitter(
    brightness_factor=(0.1, 0.1), contrast_factor=0.0, saturation_factor=(0.3, 0.3),
    hue_factor=(1.0, 1.0)))

DETERMINISTIC_RUNS = [
    pytest.param(factory, kind, data_format, rank, id=f"{label}-{kind}-{data_format}-{rank}d")
    for label, factory, kinds in DETERMINISTIC for kind in kinds
    for data_format in ("channels_last", "channels_first") for rank in (4, 3)
]


@pytest.mark.parametrize("factory,kind,data_format,rank", DETERMINISTIC_RUNS)
def test_deterministic_settings_match_keras(factory, kind, data_format, rank):
    x = _images(kind, data_format, rank)
    ours, theirs = both(lambda m: factory(m, data_format))
    mine, keras_out = outputs(ours, x), outputs(theirs, x)
    assert mine.dtype == keras_out.dtype
    assert mine.shape == keras_out.shape
    assert_close(mine, keras_out, PIXELS, f"{kind} {data_format} rank {rank}")


@pytest.mark.parametrize("kind", ["255", "uint8"])
@pytest.mark.parametrize("rank", [4, 3])
def test_color_jitter_with_fixed_factors_matches_keras(kind, rank):
    x = _images(kind, "channels_last", rank)
    ours, theirs = both(JITTER[1])
    mine, keras_out = outputs(ours, x), outputs(theirs, x)
    assert mine.dtype == keras_out.dtype
    assert_close(mine, keras_out, PIXELS, f"{kind} rank {rank}")


def test_equalization_of_a_flat_channel_keeps_it():
    x = np.full((2, 4, 4, 3), 100.0, dtype="float32")
    x[..., 1] = np.arange(32).reshape(2, 4, 4) * 8.0
    ours, theirs = both(lambda m: m.layers.Equalization())
    assert_close(outputs(ours, x), outputs(theirs, x), PIXELS, "flat and spread channels")


def test_auto_contrast_keeps_flat_channels_and_their_dtype():
    x = np.zeros((2, 3, 3, 3), dtype="uint8")
    x[0, ..., 0] = 7
    x[1, ..., 2] = np.arange(9, dtype="uint8").reshape(3, 3) + 40
    ours, theirs = both(lambda m: m.layers.AutoContrast())
    mine, keras_out = outputs(ours, x), outputs(theirs, x)
    assert mine.dtype == keras_out.dtype
    np.testing.assert_array_equal(mine, keras_out)


# Every layer's random setting: with training=False the output (values and
# dtype) is Keras's (the input, cast or not as Keras casts it).
RANDOM_FACTORIES = [
    ("Solarization", lambda m: m.layers.Solarization(0.5, 0.5, seed=1)),
    ("RandomInvert", lambda m: m.layers.RandomInvert(seed=1)),
    ("RandomGrayscale", lambda m: m.layers.RandomGrayscale(seed=1)),
    ("RandomColorDegeneration", lambda m: m.layers.RandomColorDegeneration(0.5, seed=1)),
    ("RandomSaturation", lambda m: m.layers.RandomSaturation(0.5, seed=1)),
    ("RandomHue", lambda m: m.layers.RandomHue(0.5, seed=1)),
    ("RandomColorJitter", lambda m: m.layers.RandomColorJitter(
        brightness_factor=0.2, contrast_factor=0.3, saturation_factor=0.4, hue_factor=0.2)),
    ("RandomPosterization", lambda m: m.layers.RandomPosterization(4, seed=1)),
    ("RandomSharpness", lambda m: m.layers.RandomSharpness(0.5, seed=1)),
    ("Equalization", lambda m: m.layers.Equalization()),
    ("RandAugment", lambda m: m.layers.RandAugment(seed=1)),
    ("AugMix", lambda m: m.layers.AugMix(seed=1)),
]


@pytest.mark.parametrize("kind", ["255", "uint8"])
@pytest.mark.parametrize("label,factory", RANDOM_FACTORIES, ids=[r[0] for r in RANDOM_FACTORIES])
def test_inference_output_matches_keras(label, factory, kind):
    x = _images(kind, "channels_last", 4, seed=2)
    ours, theirs = both(factory)
    mine, keras_out = outputs(ours, x, training=False), outputs(theirs, x, training=False)
    assert mine.dtype == keras_out.dtype
    np.testing.assert_array_equal(mine, keras_out)


CONFIG_FACTORIES = [
    lambda m: m.layers.AutoContrast(value_range=(255, 0), data_format="channels_first"),
    lambda m: m.layers.Equalization((0, 1), bins=32),
    lambda m: m.layers.Solarization((0.1, 0.3), 0.2, (0, 1), seed=4),
    lambda m: m.layers.RandomInvert(0.3, (0, 1), seed=2),
    lambda m: m.layers.RandomGrayscale(0.25, seed=2),
    lambda m: m.layers.RandomColorDegeneration(0.4, (0, 1), seed=3),
    lambda m: m.layers.RandomSaturation((0.2, 0.6), seed=3),
    lambda m: m.layers.RandomHue(0.3, (0, 1), seed=3),
    lambda m: m.layers.RandomColorJitter((0, 1), 0.1, (0.1, 0.2), 0.3, 0.4, seed=5),
    lambda m: m.layers.RandomPosterization(6, seed=1),
    lambda m: m.layers.RandomSharpness((0.2, 0.9), (0, 1), seed=1),
    lambda m: m.layers.ContrastLimitedAdaptiveHistogramEqualization((0, 1), 2.0, (4, 4)),
    lambda m: m.layers.RandAugment((0, 1), num_ops=3, factor=0.7, interpolation="nearest",
                                   seed=9),
    lambda m: m.layers.AugMix((0, 1), 2, 4, 0.4, 0.5, False, "nearest", seed=9),
]


@pytest.mark.parametrize("factory", CONFIG_FACTORIES)
def test_configs_match_keras_and_cross_load(factory):
    ours, theirs = both(factory)
    our_config, their_config = ours.get_config(), theirs.get_config()
    our_config.pop("name"), their_config.pop("name")
    assert list(our_config) == list(their_config)
    assert our_config == their_config
    # Each library builds the same layer from the other's config.
    assert type(ours).from_config(their_config).get_config() | {"name": None} == \
        our_config | {"name": None}


@pytest.mark.parametrize("label,factory,message", [
    ("Solarization", lambda m: m.layers.Solarization(addition_factor=1.5), "input_number=1.5"),
    ("Solarization", lambda m: m.layers.Solarization(threshold_factor="a"), "threshold_factor"),
    ("RandomGrayscale", lambda m: m.layers.RandomGrayscale(factor=2), "factor=2"),
    ("RandomHue", lambda m: m.layers.RandomHue(factor=-0.5), "factor=-0.5"),
    ("RandomPosterization", lambda m: m.layers.RandomPosterization(factor=9), "factor=9"),
    ("RandomSharpness", lambda m: m.layers.RandomSharpness(factor=(0.1, 0.2, 0.3)), "factor="),
    ("AutoContrast", lambda m: m.layers.AutoContrast(value_range=5), "value_range=5"),
    ("RandomSaturation", lambda m: m.layers.RandomSaturation(0.5, value_range=(1,)),
     "value_range=(1,)"),
])
def test_bad_arguments_fail_as_in_keras(label, factory, message):
    errors = []
    for library in (kerasish, real_keras()):
        with pytest.raises(ValueError) as info:
            factory(library)
        errors.append(str(info.value))
    assert errors[0] == errors[1]
    assert message in errors[0]


def test_pipeline_outputs_and_gradients_match_keras():
    from compat_tests.helpers import assert_same_values_and_grads

    x = np.random.default_rng(6).uniform(-2, 2, (2, 5, 4, 3)).astype("float32")
    ours, theirs = both(lambda m: m.layers.Pipeline([
        m.layers.RandomInvert((1.0, 1.0), R), m.layers.AutoContrast(value_range=R),
        m.layers.RandomSharpness((0.8, 0.8), value_range=R)]))
    assert_same_values_and_grads(ours, theirs, [x])


def test_pipeline_config_matches_keras():
    ours, theirs = both(lambda m: m.layers.Pipeline(
        [m.layers.AutoContrast(name="a"), m.layers.RandomHue(0.2, name="h")], name="pipe"))
    our_config, their_config = ours.get_config(), theirs.get_config()
    assert list(our_config) == list(their_config) == ["layers", "name"]
    for mine, keras_layer in zip(our_config["layers"], their_config["layers"]):
        assert mine["class_name"] == keras_layer["class_name"]
        assert mine["config"] == keras_layer["config"]


def _pipeline_model(lib):
    return lib.Sequential([
        lib.Input((6, 5, 3)),
        lib.layers.Pipeline([
            lib.layers.AutoContrast(value_range=(0, 1)),
            lib.layers.RandomColorDegeneration((0.5, 0.5), value_range=(0, 1), seed=1),
            lib.layers.Equalization(value_range=(0, 1)),
        ], name="augment"),
        lib.layers.Flatten(),
        lib.layers.Dense(2),
    ])


@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, None), (None, kerasish)],
                         ids=["kerasish-to-keras", "keras-to-kerasish"])
def test_keras_files_with_a_pipeline_move_both_ways(tmp_path, source_lib, target_lib):
    keras = real_keras()
    source_lib, target_lib = source_lib or keras, target_lib or keras
    source = _pipeline_model(source_lib)
    x = np.random.default_rng(4).uniform(0, 1, (4, 6, 5, 3)).astype("float32")
    source.save(tmp_path / "m.keras")
    loaded = target_lib.models.load_model(tmp_path / "m.keras")
    # predict: only AutoContrast acts (the others pass inputs through in inference).
    np.testing.assert_allclose(loaded.predict(x, verbose=0), source.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    # Called in training mode the whole pipeline acts, the same in both.
    pipeline_out = outputs(loaded.get_layer("augment"), x, training=True)
    expected = outputs(source.get_layer("augment"), x, training=True)
    assert_close(pipeline_out, expected, PIXELS, "pipeline in training mode")
    assert [type(layer).__name__ for layer in loaded.get_layer("augment").layers] == [
        "AutoContrast", "RandomColorDegeneration", "Equalization"]


def test_rand_augment_and_aug_mix_stay_in_range_like_keras():
    """The random composites: same shapes and dtypes as Keras, values in the
    value range, and the same spread of outcomes over many calls."""
    x = _images("unit", "channels_last", 4, seed=5)
    for factory in (lambda m: m.layers.RandAugment((0, 1), seed=1),
                    lambda m: m.layers.AugMix((0, 1), seed=1)):
        ours, theirs = both(factory)
        mine = np.stack([outputs(ours, x) for _ in range(20)])
        keras_out = np.stack([outputs(theirs, x) for _ in range(20)])
        assert mine.dtype == keras_out.dtype and mine.shape == keras_out.shape
        assert mine.min() >= -1e-6 and mine.max() <= 1 + 1e-6
        # Mean absolute change from the input: alike within the spread of 20 draws.
        change_ours = np.abs(mine - x).mean()
        change_keras = np.abs(keras_out - x).mean()
        assert 0.3 * change_keras < change_ours < 3 * change_keras


DISTRIBUTIONS = [
    ("Solarization", lambda m: m.layers.Solarization(0.3, 0.6)),
    ("RandomInvert", lambda m: m.layers.RandomInvert()),
    ("RandomGrayscale", lambda m: m.layers.RandomGrayscale()),
    ("RandomColorDegeneration", lambda m: m.layers.RandomColorDegeneration(0.8)),
    ("RandomSaturation", lambda m: m.layers.RandomSaturation(0.6)),
    ("RandomHue", lambda m: m.layers.RandomHue(0.8)),
    ("RandomColorJitter", lambda m: m.layers.RandomColorJitter(
        brightness_factor=0.2, contrast_factor=0.3, saturation_factor=0.6, hue_factor=0.3)),
    ("RandomPosterization", lambda m: m.layers.RandomPosterization(6)),
    ("RandomSharpness", lambda m: m.layers.RandomSharpness(0.9)),
    # One pick serves a whole batch: more calls for the composites.
    ("RandAugment", lambda m: m.layers.RandAugment(num_ops=2), 100),
    ("AugMix", lambda m: m.layers.AugMix(), 100),
]


@pytest.mark.parametrize("label,factory,calls", [d if len(d) == 3 else d + (40,)
                                                 for d in DISTRIBUTIONS],
                         ids=[d[0] for d in DISTRIBUTIONS])
def test_random_draws_change_images_as_much_as_keras(label, factory, calls):
    """Exact random streams differ; the distribution of how much each image
    changes (its mean absolute change: the average and the standard
    deviation over the images of `calls` calls on 8 images) agrees with
    Keras's (quantiles jump between the levels of discrete draws)."""
    x = np.random.default_rng(7).uniform(0, 255, (8, 6, 6, 3)).astype("float32")
    ours, theirs = both(factory)
    changes = []
    for layer in (ours, theirs):
        per_image = np.concatenate(
            [np.abs(outputs(layer, x) - x).mean(axis=(1, 2, 3)) for _ in range(calls)])
        changes.append([per_image.mean(), per_image.std()])
    np.testing.assert_allclose(changes[0], changes[1], rtol=0.25, atol=1.0,
                               err_msg=f"{label}: mean and spread of the change, ours vs Keras")


def _every_layer_model(lib):
    L = lib.layers
    inputs = lib.Input((8, 8, 3))
    x = L.AutoContrast(value_range=(0, 1))(inputs)
    # Keras's Equalization returns its symbolic input as its output (a cycle
    # in a functional graph): it goes inside the Pipeline.
    for layer in (L.Solarization(0.1, 0.2, (0, 1), seed=1),
                  L.RandomInvert(0.5, (0, 1), seed=1), L.RandomGrayscale(0.3, seed=1),
                  L.RandomColorDegeneration(0.3, (0, 1), seed=1),
                  L.RandomSaturation(0.3, (0, 1), seed=1), L.RandomHue(0.2, (0, 1), seed=1),
                  L.RandomColorJitter((0, 1), 0.1, 0.1, 0.1, 0.1, seed=1),
                  L.RandomPosterization(5, (0, 1), seed=1),
                  L.RandomSharpness(0.4, (0, 1), seed=1),
                  L.ContrastLimitedAdaptiveHistogramEqualization((0, 1), 3.0, (2, 2)),
                  L.RandAugment((0, 1), seed=1), L.AugMix((0, 1), seed=1),
                  L.Pipeline([L.RandomInvert(seed=2), L.Equalization((0, 1))])):
        x = layer(x)
    return lib.Model(inputs, L.Dense(2)(L.Flatten()(x)))


@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, None), (None, kerasish)],
                         ids=["kerasish-to-keras", "keras-to-kerasish"])
def test_keras_files_with_every_colour_layer_move_both_ways(tmp_path, source_lib, target_lib):
    keras = real_keras()
    source_lib, target_lib = source_lib or keras, target_lib or keras
    source = _every_layer_model(source_lib)
    source.save(tmp_path / "m.keras")
    loaded = target_lib.models.load_model(tmp_path / "m.keras")
    assert [type(layer).__name__ for layer in loaded.layers] == \
        [type(layer).__name__ for layer in source.layers]
    for mine, theirs in zip(loaded.layers[1:-2], source.layers[1:-2]):
        # (through JSON, as in the file: tuples become lists)
        assert json.loads(json.dumps(mine.get_config())) == \
            json.loads(json.dumps(theirs.get_config()))
    # In inference only AutoContrast and CLAHE act: the same numbers. Keras's
    # compiled predict differs from its own eager call by float32 rounding,
    # which CLAHE's integer pixel levels can turn into a step.
    x = np.random.default_rng(8).uniform(0, 1, (3, 8, 8, 3)).astype("float32")
    assert_close(outputs(loaded, x, training=False), outputs(source, x, training=False),
                 PIXELS, "inference")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), source.predict(x, verbose=0),
                               rtol=1e-5, atol=2e-3)
