"""`keras.utils.audio_dataset_from_directory` against real Keras: the same
16-bit PCM files give the same batches (values bit for bit, shapes, dtypes,
labels), class names and errors."""

import os
import wave

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras


@pytest.fixture(scope="module")
def audio_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio")
    rng = np.random.default_rng(0)
    for name in ("cat", "dog", "eel"):
        os.makedirs(root / name)
        for index in range(4):
            with wave.open(str(root / name / f"{index}.wav"), "wb") as file:
                file.setnchannels(1)
                file.setsampwidth(2)
                file.setframerate(16000)
                samples = rng.integers(-32768, 32767, int(rng.integers(50, 120)))
                file.writeframes(samples.astype("<i2").tobytes())
    return str(root)


def _batches(dataset):
    return [tuple(np.asarray(t) for t in b) if isinstance(b, tuple) else (np.asarray(b),)
            for b in dataset]


@pytest.mark.parametrize("kwargs", [
    dict(batch_size=5),
    dict(batch_size=4, output_sequence_length=80, label_mode="categorical"),
    dict(batch_size=None, label_mode=None),
    dict(batch_size=3, validation_split=0.25, subset="validation", seed=1),
    dict(batch_size=2, class_names=["eel", "cat"], label_mode="binary"),
], ids=["padded", "fixed-length", "unbatched", "validation", "binary"])
def test_unshuffled_batches_match_keras(audio_root, kwargs):
    keras = real_keras()
    ours = kerasish.utils.audio_dataset_from_directory(audio_root, shuffle=False,
                                                       verbose=False, **kwargs)
    theirs = keras.utils.audio_dataset_from_directory(audio_root, shuffle=False,
                                                      verbose=False, **kwargs)
    assert ours.class_names == theirs.class_names
    our_batches, their_batches = _batches(ours), _batches(theirs)
    assert len(our_batches) == len(their_batches)
    for our_batch, their_batch in zip(our_batches, their_batches):
        for a, b in zip(our_batch, their_batch):
            assert a.shape == b.shape and a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)


def test_shuffled_training_split_holds_the_same_waveforms(audio_root):
    keras = real_keras()
    kwargs = dict(batch_size=None, validation_split=0.25, subset="training", seed=3,
                  verbose=False)
    ours = kerasish.utils.audio_dataset_from_directory(audio_root, **kwargs)
    theirs = keras.utils.audio_dataset_from_directory(audio_root, **kwargs)

    def contents(dataset):
        return sorted((int(label), audio.tobytes()) for audio, label in _batches(dataset))

    assert contents(ours) == contents(theirs)


@pytest.mark.parametrize("kwargs", [
    dict(label_mode="sparse"), dict(labels="folders"), dict(ragged=True, output_sequence_length=10),
    dict(sampling_rate=16000.0), dict(sampling_rate=-1), dict(label_mode="binary"),
    dict(labels=[0, 1], class_names=["a"]),
])
def test_argument_errors_match_keras(audio_root, kwargs):
    keras = real_keras()
    with pytest.raises(ValueError) as theirs:
        keras.utils.audio_dataset_from_directory(audio_root, verbose=False, **kwargs)
    with pytest.raises(ValueError) as ours:
        kerasish.utils.audio_dataset_from_directory(audio_root, verbose=False, **kwargs)
    assert str(theirs.value)[:40] == str(ours.value)[:40]
