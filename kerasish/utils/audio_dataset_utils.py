"""`audio_dataset_from_directory`: a folder of `.wav` files, one subfolder per
class, as a dataset of NumPy batches of float32 waveforms.

Keras decodes the files with `tf.audio.decode_wav`; here the standard
library's `wave` module reads them (uncompressed PCM, 8 to 32 bits), scaled
to [-1, 1) as TensorFlow scales them. Batches of files of different lengths
are zero-padded to their longest file, as Keras's `padded_batch` does.
"""

import struct

import numpy as np

from kerasish.utils import dataset_utils

ALLOWED_FORMATS = (".wav",)

# Samples of each width as integers, and the value that maps to 1.0.
_PCM = {1: ("u1", 128.0), 2: ("<i2", 32768.0), 4: ("<i4", 2147483648.0)}


def audio_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                 class_names=None, batch_size=32, sampling_rate=None,
                                 output_sequence_length=None, ragged=False, shuffle=True,
                                 seed=None, validation_split=None, subset=None,
                                 follow_links=False, verbose=True):
    """Creates a dataset of waveforms (and labels) from a directory of `.wav` files.

    The layout, the file order, the labels and the training/validation split
    are Keras's (see `image_dataset_from_directory`). Each waveform is a
    float32 array `(samples, channels)` in [-1, 1).

    Args:
        directory: the data directory; with `labels="inferred"`, one
            subfolder of `.wav` files per class.
        labels: `"inferred"`, None (waveforms only), or a list of integer
            labels in the sorted order of the files.
        label_mode: `"int"`, `"categorical"`, `"binary"` or None.
        class_names: with `"inferred"`, the subfolders to use, in that order.
        batch_size: waveforms per batch (default 32); None yields single ones.
        sampling_rate: the files' expected sampling rate in Hz. Keras
            resamples other rates with tensorflow-io; kerasish does not
            resample and refuses files recorded at another rate.
        output_sequence_length: cut or zero-pad every waveform to this many
            samples; None keeps them whole and pads each batch to its
            longest file.
        ragged: yield batches as lists of waveforms of their own lengths.
        shuffle: whether to shuffle the files (and reshuffle every epoch).
        seed: the shuffling seed.
        validation_split: the fraction of files kept for validation.
        subset: `"training"`, `"validation"` or `"both"`.
        follow_links: whether to follow symbolic links to subfolders.
        verbose: whether to print how many files were found.

    Returns:
        A `keras.utils.BatchDataset` of `(audio, labels)` batches (audio
        alone without labels), with `class_names` and `file_paths`; for
        `subset="both"`, a list of two.

    Raises:
        ValueError: for invalid arguments, a directory without `.wav` files,
            or (when read) a file that is not PCM or not at `sampling_rate`.

    Examples:
        >>> import os, tempfile, wave
        >>> root = tempfile.mkdtemp()
        >>> for name, value in (("down", -8192), ("up", 16384)):
        ...     os.makedirs(os.path.join(root, name))
        ...     with wave.open(os.path.join(root, name, "1.wav"), "wb") as f:
        ...         f.setnchannels(1); f.setsampwidth(2); f.setframerate(8000)
        ...         f.writeframes(np.full(4, value, "<i2").tobytes())
        >>> dataset = keras.utils.audio_dataset_from_directory(
        ...     root, batch_size=2, shuffle=False, verbose=False)
        >>> audio, labels = next(iter(dataset))
        >>> audio.shape, audio[:, 0, 0].tolist(), labels.tolist()
        ((2, 4, 1), [-0.25, 0.5], [0, 1])
    """
    _check_arguments(labels, label_mode, class_names, ragged, output_sequence_length,
                     sampling_rate)

    def load_batch(paths):
        waves = [read_wav(path, sampling_rate, output_sequence_length) for path in paths]
        return waves if ragged else _pad_to_longest(waves)

    return dataset_utils.files_dataset_from_directory(
        directory, ALLOWED_FORMATS,
        f"No audio files found in directory {directory}. Allowed format(s): {ALLOWED_FORMATS}",
        load_batch, labels, label_mode, class_names,
        batch_size, shuffle, seed, validation_split, subset, follow_links, verbose)


def _check_arguments(labels, label_mode, class_names, ragged, output_sequence_length,
                     sampling_rate):
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(
                "The `labels` argument should be a list/tuple of integer labels, of the same "
                "size as the number of audio files in the target directory. If you wish to "
                "infer the labels from the subdirectory names in the target directory, pass "
                '`labels="inferred"`. If you wish to get a dataset that only contains audio '
                f"samples (no labels), pass `labels=None`. Received: labels={labels}"
            )
        if class_names:
            raise ValueError(
                'You can only pass `class_names` if `labels="inferred"`. Received: '
                f"labels={labels}, and class_names={class_names}"
            )
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError(
            '`label_mode` argument must be one of "int", "categorical", "binary", or None. '
            f"Received: label_mode={label_mode}"
        )
    if ragged and output_sequence_length is not None:
        raise ValueError("Cannot set both `ragged` and `output_sequence_length`")
    if sampling_rate is not None:
        if not isinstance(sampling_rate, int):
            raise ValueError("`sampling_rate` should have an integer value. "
                             f"Received: sampling_rate={sampling_rate}")
        if sampling_rate <= 0:
            raise ValueError("`sampling_rate` should be higher than 0. "
                             f"Received: sampling_rate={sampling_rate}")


def read_wav(path, sampling_rate=None, output_sequence_length=None):
    """A PCM `.wav` file as float32 `(samples, channels)` in [-1, 1).

    Args:
        path: the file.
        sampling_rate: the rate the file must have, or None for any.
        output_sequence_length: cut or zero-pad to this many samples.

    Returns:
        A float32 NumPy array.

    Raises:
        ValueError: if the file is not uncompressed PCM, or its rate is not
            `sampling_rate`.
    """
    import wave  # standard library, imported when a file is read

    try:
        with wave.open(str(path), "rb") as file:
            channels, width, rate = file.getnchannels(), file.getsampwidth(), file.getframerate()
            frames = file.readframes(file.getnframes())
    except (wave.Error, EOFError, RuntimeError, struct.error) as error:  # all `wave` raises
        raise ValueError(f"Cannot read {path} as a PCM .wav file: {error}") from None
    if sampling_rate is not None and rate != sampling_rate:
        raise ValueError(
            f"{path} is sampled at {rate} Hz, not `sampling_rate`={sampling_rate}. kerasish "
            "does not resample audio (Keras does it with tensorflow-io): resample the files, "
            "or pass sampling_rate=None."
        )
    audio = _pcm_to_float(frames, width).reshape(-1, channels)
    if output_sequence_length is None:
        return audio
    audio = audio[:output_sequence_length]
    return np.pad(audio, [(0, output_sequence_length - len(audio)), (0, 0)])


def _pcm_to_float(frames, width):
    if width == 3:  # 24-bit: widen each little-endian sample to 32 bits, then scale as 32-bit
        triples = np.frombuffer(frames, dtype=np.uint8).reshape(-1, 3)
        padded = np.zeros((len(triples), 4), dtype=np.uint8)
        padded[:, 1:] = triples
        frames, width = padded.tobytes(), 4
    dtype, full_scale = _PCM[width]
    samples = np.frombuffer(frames, dtype=dtype).astype(np.float32)
    if width == 1:  # 8-bit PCM is unsigned, centred on 128
        samples -= 128.0
    return samples / np.float32(full_scale)


def _pad_to_longest(waves):
    longest = max(len(w) for w in waves)
    return np.stack([np.pad(w, [(0, longest - len(w)), (0, 0)]) for w in waves])
