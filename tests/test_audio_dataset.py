"""`audio_dataset_from_directory` and its `.wav` reader on their own (parity
with Keras on 16-bit files: compat_tests/test_audio_dataset_parity.py)."""

import os
import wave

import numpy as np
import pytest

import kerasish as keras
from kerasish.utils.audio_dataset_utils import read_wav


def _write(path, samples, width=2, channels=1, rate=8000):
    with wave.open(str(path), "wb") as file:
        file.setnchannels(channels)
        file.setsampwidth(width)
        file.setframerate(rate)
        file.writeframes(samples)


def test_every_pcm_width_is_scaled_to_minus_one_one(tmp_path):
    _write(tmp_path / "u8.wav", np.array([0, 128, 192], "u1").tobytes(), width=1)
    _write(tmp_path / "i16.wav", np.array([-32768, 0, 16384], "<i2").tobytes(), width=2)
    _write(tmp_path / "i32.wav", np.array([-2**31, 0, 2**30], "<i4").tobytes(), width=4)
    as_24_bit = np.array([-2**23, 0, 2**22], "<i4").view("u1").reshape(3, 4)[:, :3]
    _write(tmp_path / "i24.wav", as_24_bit.tobytes(), width=3)
    for name in ("u8", "i16", "i32", "i24"):
        audio = read_wav(tmp_path / f"{name}.wav")
        assert audio.dtype == np.float32 and audio.shape == (3, 1)
        np.testing.assert_array_equal(audio[:, 0], [-1.0, 0.0, 0.5], err_msg=name)


def test_stereo_cut_and_padded_to_a_length(tmp_path):
    frames = np.array([[1, -1], [2, -2], [3, -3]], "<i2")
    _write(tmp_path / "s.wav", frames.tobytes(), channels=2)
    np.testing.assert_array_equal(read_wav(tmp_path / "s.wav") * 32768, frames)
    assert read_wav(tmp_path / "s.wav", output_sequence_length=2).shape == (2, 2)
    padded = read_wav(tmp_path / "s.wav", output_sequence_length=5)
    assert padded.shape == (5, 2) and not padded[3:].any()


@pytest.fixture
def audio_root(tmp_path):
    for name, lengths in (("a", (3, 5)), ("b", (4,))):
        os.makedirs(tmp_path / name)
        for index, length in enumerate(lengths):
            _write(tmp_path / name / f"{index}.wav", np.full(length, 8192, "<i2").tobytes())
    return str(tmp_path)


def test_batches_are_padded_to_their_longest_file_and_ragged_keeps_lengths(audio_root):
    dataset = keras.utils.audio_dataset_from_directory(audio_root, batch_size=2, shuffle=False,
                                                       verbose=False)
    (first, labels), (second, _) = list(dataset)
    assert first.shape == (2, 5, 1) and not first[0, 3:].any()
    assert labels.tolist() == [0, 0] and second.shape == (1, 4, 1)
    ragged = keras.utils.audio_dataset_from_directory(audio_root, batch_size=3, shuffle=False,
                                                      ragged=True, verbose=False)
    waves, _ = next(iter(ragged))
    assert [w.shape for w in waves] == [(3, 1), (5, 1), (4, 1)]


def test_both_subsets_and_training_with_fit(audio_root):
    train, val = keras.utils.audio_dataset_from_directory(
        audio_root, batch_size=2, output_sequence_length=5, validation_split=0.34,
        subset="both", seed=0, verbose=False)
    assert len(train.file_paths) == 2 and len(val.file_paths) == 1
    model = keras.Sequential([keras.Input((5, 1)), keras.layers.Flatten(), keras.layers.Dense(2)])
    model.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(train, validation_data=val, epochs=1, verbose=0)
    assert np.isfinite(history.history["val_loss"][0])


def test_files_at_another_rate_and_non_pcm_files_are_refused(audio_root, tmp_path):
    dataset = keras.utils.audio_dataset_from_directory(audio_root, sampling_rate=16000,
                                                       verbose=False)
    with pytest.raises(ValueError, match="does not resample"):
        next(iter(dataset))
    (tmp_path / "bad.wav").write_bytes(b"RIFF0000WAVEnot really")
    with pytest.raises(ValueError, match="Cannot read"):
        read_wav(tmp_path / "bad.wav")


def test_empty_directory_is_refused(tmp_path):
    os.makedirs(tmp_path / "a")
    with pytest.raises(ValueError, match="No audio files found"):
        keras.utils.audio_dataset_from_directory(str(tmp_path), verbose=False)
