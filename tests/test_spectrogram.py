"""The STFT family on its own: `initializers.STFT`, `layers.STFTSpectrogram`
and `layers.MelSpectrogram` against float64 NumPy FFTs, with the generic
layer checks (shapes, weights, config round trip, finite-difference
gradients). Parity with Keras: compat_tests/test_spectrogram_parity.py."""

import numpy as np
import pytest

import kerasish as keras
from kerasish.ops.windows import get_window
from tests.layer_checks import check_layer


def _framed_rfft(signal, frame_length, frame_step, fft_length, window):
    """Reference STFT of one 1-D signal: the frames' windowed real FFT."""
    starts = range(0, len(signal) - frame_length + 1, frame_step)
    frames = np.stack([signal[s:s + frame_length] * window for s in starts])
    return np.fft.rfft(frames, n=fft_length, axis=-1)


def test_stft_kernels_are_windowed_dft_rows():
    window = get_window("hann", 16, periodic=False)
    real = keras.initializers.STFT("real", "hann", "density")((16, 1, 9), dtype="float64")
    imag = keras.initializers.STFT("imag", "hann", "density")((16, 1, 9), dtype="float64")
    dft = np.exp(-2j * np.pi * np.outer(np.arange(16), np.arange(9)) / 16)
    expected = dft * window[:, None] / np.sqrt(np.sum(window ** 2))
    np.testing.assert_allclose(real[:, 0], expected.real, atol=1e-12)
    np.testing.assert_allclose(imag[:, 0], expected.imag, atol=1e-12)


@pytest.mark.parametrize("mode", ["magnitude", "real", "imag", "angle", "psd"])
def test_spectrogram_values_match_a_numpy_fft(mode):
    x = np.random.default_rng(0).normal(size=(2, 100, 1))
    layer = keras.layers.STFTSpectrogram(mode=mode, frame_length=16, frame_step=8,
                                         window=None, scaling=None, dtype="float64")
    output = np.asarray(layer(x))
    spectrum = _framed_rfft(x[1, :, 0], 16, 8, 16, np.ones(16))
    expected = {
        "magnitude": np.abs(spectrum), "real": spectrum.real, "imag": spectrum.imag,
        "angle": np.angle(spectrum),
        "psd": np.abs(spectrum) ** 2 * np.r_[1, np.full(7, 2.0), 1],
    }[mode]
    if mode == "angle":  # the DC and Nyquist bins are real: their phase is +-pi by rounding
        output, expected = np.exp(1j * output), np.exp(1j * expected)
    np.testing.assert_allclose(output[1], expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("kwargs,input_shape,num_weights", [
    (dict(mode="log", frame_length=8, frame_step=4), (2, 30, 2), 2),
    (dict(mode="real", frame_length=8, padding="same", expand_dims=True), (1, 20, 1), 1),
    (dict(mode="stft", frame_length=6, fft_length=8, data_format="channels_first"), (2, 1, 20), 2),
])
def test_stft_spectrogram_layer_checks(kwargs, input_shape, num_weights):
    check_layer(lambda: keras.layers.STFTSpectrogram(**kwargs), input_shape, num_weights)


def test_trainable_false_keeps_kernels_out_of_training():
    layer = keras.layers.STFTSpectrogram(frame_length=8, trainable=False)
    layer(np.zeros((1, 16, 1), "float32"))
    assert [w.name for w in layer.non_trainable_weights] == ["real_kernel", "imag_kernel"]


def test_mel_spectrogram_matches_a_numpy_reference():
    layer = keras.layers.MelSpectrogram(fft_length=64, sequence_stride=32, num_mel_bins=8,
                                        sampling_rate=1000, power_to_db=False, window=None)
    x = np.random.default_rng(1).normal(size=(500,)).astype("float32")
    padded = np.pad(x.astype(np.float64), 32, mode="reflect")
    power = np.abs(_framed_rfft(padded, 64, 32, 64, np.ones(64))) ** 2
    matrix = layer.linear_to_mel_weight_matrix(8, 33, 1000, 20.0, 500, "float64")
    np.testing.assert_allclose(np.asarray(layer(x)), (power @ matrix).T, rtol=2e-4)
    assert np.asarray(layer(x)).shape == (8, 500 // 32 + 1)


def test_mel_weight_matrix_is_triangles_peaking_at_one():
    matrix = keras.layers.MelSpectrogram().linear_to_mel_weight_matrix(
        num_mel_bins=10, num_spectrogram_bins=513, sampling_rate=16000,
        lower_edge_hertz=0.0, upper_edge_hertz=8000.0)
    assert matrix.shape == (513, 10) and not matrix[0].any()
    assert np.all(matrix >= 0) and np.all(matrix.max(axis=0) > 0.9)


def test_mel_spectrogram_decibels_are_clipped_top_db_below_the_peak():
    layer = keras.layers.MelSpectrogram(fft_length=128, sequence_stride=64, num_mel_bins=16,
                                        sampling_rate=8000, top_db=10.0)
    output = np.asarray(layer(np.random.default_rng(2).normal(size=(2, 800)).astype("float32")))
    assert np.isclose(output.max() - output.min(), 10.0, atol=1e-4)


def test_mel_spectrogram_is_differentiable():
    from kerasish.backend.tensor import Tensor, gradients

    layer = keras.layers.MelSpectrogram(fft_length=32, sequence_stride=16, num_mel_bins=4,
                                        sampling_rate=1000, power_to_db=False)
    x = np.random.default_rng(3).normal(size=(1, 64))
    signal = Tensor(x.astype("float32"), requires_grad=True)
    (grad,) = gradients(keras.ops.sum(layer(signal)), [signal])
    eps, index = 1e-3, (0, 20)
    shifted = [x.copy(), x.copy()]
    shifted[0][index] += eps
    shifted[1][index] -= eps
    values = [float(np.sum(np.asarray(layer(s.astype("float32")), np.float64))) for s in shifted]
    np.testing.assert_allclose(grad[index], (values[0] - values[1]) / (2 * eps), rtol=2e-2)


@pytest.mark.parametrize("kwargs,error", [
    (dict(mode="power"), "Output mode is invalid"),
    (dict(scaling="l1"), "Scaling is invalid"),
    (dict(padding="causal"), "Padding is invalid"),
    (dict(frame_length=16, frame_step=17), "`frame_step` should be a positive integer"),
    (dict(frame_length=16, fft_length=8), "`fft_length` should be not less"),
    (dict(window="nope"), "Unknown window type"),
])
def test_stft_spectrogram_rejects_bad_arguments(kwargs, error):
    with pytest.raises(ValueError, match=error):
        keras.layers.STFTSpectrogram(**kwargs)


def test_stft_spectrogram_refuses_integer_inputs_and_warns_on_odd_fft_lengths():
    with pytest.raises(TypeError, match="Invalid input type"):
        keras.layers.STFTSpectrogram(frame_length=8)(np.ones((1, 16, 1), "int32"))
    with pytest.warns(UserWarning, match="power of two"):
        keras.layers.STFTSpectrogram(frame_length=8, fft_length=12)


def test_stft_initializer_errors():
    with pytest.raises(ValueError, match="side should be"):
        keras.initializers.STFT("complex")
    with pytest.raises(ValueError, match="Scaling is invalid"):
        keras.initializers.STFT(scaling="l2")
    with pytest.raises(ValueError, match=r"window` must be equal to \[frame_length\]"):
        keras.initializers.STFT(window=np.ones(5))((4, 1, 3))


@pytest.mark.parametrize("name", ["hann", "hamming", "blackman", "bartlett", "triang", "boxcar",
                                  "blackmanharris", "nuttall", "flattop", "cosine", "bohman"])
@pytest.mark.parametrize("periodic", [True, False])
def test_windows_match_scipy(name, periodic):
    signal = pytest.importorskip("scipy.signal")
    for length in (1, 2, 7, 16):
        np.testing.assert_allclose(get_window(name, length, periodic),
                                   signal.get_window(name, length, fftbins=periodic), atol=1e-14)
