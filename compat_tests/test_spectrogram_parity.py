"""The STFT family against real Keras: `initializers.STFT` kernels,
`layers.STFTSpectrogram` (every mode, both data formats, padding and
expand_dims) and `layers.MelSpectrogram` (values, the mel matrix, configs,
errors). `SPECTROGRAM_CASES` joins the LAYERS table of
test_layers_parity.py, which also compares gradients, weights and configs.
"""

import itertools
from collections import namedtuple

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import Tolerance, assert_close, real_keras

# The fields test_layers_parity.LayerCase has (importing it would be circular:
# that module imports SPECTROGRAM_CASES).
LayerCase = namedtuple("LayerCase", "label factory input_shape tolerance")

# A spectrogram is sums of hundreds of float32 products (a convolution, or
# TF's FFT against a DFT product), then sqrt/log/mel weighting: a few 1e-6
# relative per sum, more where narrow mel triangles amplify float32 rounding.
# Kernel gradients sum such terms (entries up to ~100) over every frame with
# cancellation, so small entries get an absolute 1e-3.
SPECTROGRAM = Tolerance(1e-4, 1e-3, "float32 STFT sums (FFT vs convolution), mel weighting, "
                                    "kernel gradients summed over frames")

MODES = ["log", "magnitude", "psd", "real", "imag", "angle", "stft"]

SPECTROGRAM_CASES = [
    LayerCase(f"STFTSpectrogram[{mode}]", lambda m, mode=mode: m.layers.STFTSpectrogram(
        mode=mode, frame_length=32, frame_step=12, fft_length=64), (2, 150, 2), SPECTROGRAM)
    for mode in MODES
] + [
    LayerCase("STFTSpectrogram[same,expand,hamming]", lambda m: m.layers.STFTSpectrogram(
        mode="log", frame_length=30, frame_step=10, fft_length=32, window="hamming",
        padding="same", expand_dims=True), (2, 100, 3), SPECTROGRAM),
    LayerCase("STFTSpectrogram[channels_first,periodic,spectrum]",
              lambda m: m.layers.STFTSpectrogram(
                  mode="magnitude", frame_length=16, periodic=True, scaling="spectrum",
                  data_format="channels_first"), (2, 2, 80), SPECTROGRAM),
    LayerCase("STFTSpectrogram[no window,batch1]", lambda m: m.layers.STFTSpectrogram(
        mode="psd", frame_length=16, frame_step=16, window=None, scaling=None), (1, 64, 1),
        SPECTROGRAM),
    LayerCase("MelSpectrogram", lambda m: m.layers.MelSpectrogram(
        fft_length=128, sequence_stride=64, num_mel_bins=16, sampling_rate=8000), (2, 1000),
        SPECTROGRAM),
    LayerCase("MelSpectrogram[power,hamming]", lambda m: m.layers.MelSpectrogram(
        fft_length=256, sequence_length=200, sequence_stride=80, num_mel_bins=24,
        window="hamming", power_to_db=False, mag_exp=1.0), (1, 1200), SPECTROGRAM),
]


def _kernel_cases():
    windows = ["hann", "hamming", "blackman", "bartlett", None]
    shapes = [(64, 1, 33), (64, 1, 65), (400, 1, 257)]
    for side, window, scaling, periodic, shape in itertools.product(
            ["real", "imag"], windows, ["density", "spectrum", None], [False, True], shapes):
        yield side, window, scaling, periodic, shape


def test_stft_initializer_kernels_match_keras():
    keras = real_keras()
    for side, window, scaling, periodic, shape in _kernel_cases():
        ours = kerasish.initializers.STFT(side, window, scaling, periodic)(shape)
        theirs = np.asarray(keras.initializers.STFT(side, window, scaling, periodic)(shape))
        assert ours.dtype == theirs.dtype
        # Kernel entries are O(1/sqrt(frame_length)): compare relative to the largest.
        scale = np.max(np.abs(theirs))
        assert_close(ours / scale, theirs / scale, Tolerance(0, 1e-6, "float32 cos/sin, libm vs Eigen"),
                     f"STFT{side, window, scaling, periodic, shape}")


def test_stft_initializer_takes_a_window_array_and_its_config_matches():
    keras = real_keras()
    window = np.linspace(0.1, 1.0, 16).astype("float32")
    ours = kerasish.initializers.STFT("imag", window, "spectrum")((16, 1, 9))
    theirs = keras.initializers.STFT("imag", window, "spectrum")((16, 1, 9))
    assert_close(ours, np.asarray(theirs), Tolerance(1e-5, 1e-6, "float32 sin"), "array window")
    for name in ("STFT", "STFTInitializer", "stft"):
        assert type(kerasish.initializers.get(name)).__name__ == type(keras.initializers.get(name)).__name__
    ours, theirs = kerasish.initializers.STFT("imag", "hamming"), keras.initializers.STFT("imag", "hamming")
    assert ours.get_config() == theirs.get_config()
    assert kerasish.initializers.serialize(ours) == keras.initializers.serialize(theirs)


@pytest.mark.parametrize("mode,data_format,expand_dims,padding", list(itertools.product(
    MODES, ["channels_last", "channels_first"], [False, True], ["valid", "same"])))
def test_stft_spectrogram_builds_keras_kernels_and_values(mode, data_format, expand_dims, padding):
    keras = real_keras()
    kwargs = dict(mode=mode, frame_length=64, frame_step=24, fft_length=128, padding=padding,
                  expand_dims=expand_dims, data_format=data_format)
    shape = (2, 300, 3) if data_format == "channels_last" else (2, 3, 300)
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    ours, theirs = kerasish.layers.STFTSpectrogram(**kwargs), keras.layers.STFTSpectrogram(**kwargs)
    our_out, their_out = np.asarray(ours(x)), np.asarray(theirs(x))
    for our_kernel, their_kernel in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(our_kernel, their_kernel, Tolerance(1e-5, 1e-6, "float32 cos/sin"), "kernel")
    assert_close(our_out, their_out, SPECTROGRAM, f"{kwargs}")
    symbolic = (None,) + shape[1:]
    assert tuple(ours.compute_output_shape(symbolic)) == tuple(theirs.compute_output_shape(symbolic))


@pytest.mark.parametrize("kwargs", [
    {},
    dict(num_mel_bins=64, sampling_rate=8000, sequence_stride=256, fft_length=2048),
    dict(fft_length=512, sequence_length=400, sequence_stride=160, power_to_db=False,
         mag_exp=1.0, window="hamming"),
    dict(fft_length=256, sequence_stride=100, window=None, top_db=40.0, ref_power=2.0),
], ids=["defaults", "keras-docs", "power", "no-window"])
@pytest.mark.parametrize("shape", [(16000,), (2, 9000)], ids=["unbatched", "batched"])
def test_mel_spectrogram_matches_keras(kwargs, shape):
    keras = real_keras()
    x = np.random.default_rng(1).uniform(-1, 1, size=shape).astype("float32")
    ours, theirs = kerasish.layers.MelSpectrogram(**kwargs), keras.layers.MelSpectrogram(**kwargs)
    our_out, their_out = np.asarray(ours(x)), np.asarray(theirs(x))
    assert our_out.dtype == their_out.dtype
    # Decibels: compare in absolute dB as well (values near 0 dB have no relative scale).
    assert_close(our_out, their_out, Tolerance(1e-4, 5e-3, "float32 FFT and mel weights, in dB"),
                 f"MelSpectrogram{kwargs}")
    assert tuple(ours.compute_output_shape(shape)) == tuple(theirs.compute_output_shape(shape))
    our_config, their_config = ours.get_config(), theirs.get_config()
    our_config.pop("name"), their_config.pop("name")
    assert our_config == their_config


def test_mel_weight_matrix_matches_keras():
    keras = real_keras()
    args = dict(num_mel_bins=40, num_spectrogram_bins=513, sampling_rate=22050,
                lower_edge_hertz=30.0, upper_edge_hertz=11025.0)
    ours = kerasish.layers.MelSpectrogram().linear_to_mel_weight_matrix(**args)
    theirs = np.asarray(keras.layers.MelSpectrogram().linear_to_mel_weight_matrix(**args))
    assert_close(ours, theirs, Tolerance(1e-4, 1e-5, "float32 mel-scale logarithms"), "mel matrix")


@pytest.mark.parametrize("kwargs", [
    dict(mode="power"), dict(scaling="l2"), dict(padding="causal"), dict(frame_step=0),
    dict(frame_length=64, frame_step=65), dict(frame_length=64, fft_length=32),
    dict(window="no-such-window"),
])
def test_stft_spectrogram_argument_errors_match_keras(kwargs):
    keras = real_keras()
    with pytest.raises(ValueError) as theirs:
        keras.layers.STFTSpectrogram(**kwargs)
    with pytest.raises(ValueError) as ours:
        kerasish.layers.STFTSpectrogram(**kwargs)
    first_words = str(theirs.value).split(",")[0][:25]
    if "window" not in kwargs:  # SciPy's own wording for unknown windows differs
        assert first_words in str(ours.value), (str(ours.value), str(theirs.value))


def test_integer_inputs_and_bad_ranks_are_refused_like_keras():
    keras = real_keras()
    for lib in (kerasish, keras):
        with pytest.raises(TypeError, match="Invalid input type"):
            lib.layers.STFTSpectrogram(frame_length=8)(np.ones((1, 32, 1), "int32"))
        with pytest.raises(ValueError, match="expected ndim=3"):
            lib.layers.STFTSpectrogram(frame_length=8)(np.ones((32, 1), "float32"))
        with pytest.raises(ValueError, match="`fft_length` must be greater"):
            lib.layers.MelSpectrogram(fft_length=256, sequence_length=512)
