"""`pad_sequences`: turns a list of variable-length sequences into one array."""

import numpy as np


def _lengths_and_sample_shape(sequences):
    lengths, sample_shape = [], None
    for sequence in sequences:
        try:
            lengths.append(len(sequence))
        except TypeError:
            raise ValueError(
                f"`sequences` must be a list of iterables. Found non-iterable: {sequence}"
            ) from None
        if sample_shape is None and len(sequence):
            sample_shape = np.asarray(sequence).shape[1:]
    return lengths, sample_shape or ()


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0):
    """Pads (and truncates) sequences to a common length `maxlen`, giving a 2-D array.

    Sequences shorter than `maxlen` are filled with `value` before them
    (`padding="pre"`, the default) or after them (`"post"`); longer ones lose
    their first entries (`truncating="pre"`) or their last (`"post"`).

    Args:
        sequences: a list of sequences (lists or arrays; entries may
            themselves be arrays of one common shape).
        maxlen: the output length; None (default) uses the longest sequence.
        dtype: the output dtype (default `"int32"`); use `object` for
            strings of any length.
        padding: `"pre"` or `"post"`: where the padding goes.
        truncating: `"pre"` or `"post"`: which end of long sequences is cut.
        value: the padding value (default 0).

    Returns:
        A NumPy array of shape `(len(sequences), maxlen) + entry_shape`.

    Raises:
        ValueError: if `sequences` or one of its entries is not iterable,
            `padding` or `truncating` is unknown, `value` is a string for a
            non-string `dtype`, or an entry's shape differs from the first's.

    Examples:
        >>> keras.utils.pad_sequences([[1, 2, 3], [4, 5], [6]])
        array([[1, 2, 3],
               [0, 4, 5],
               [0, 0, 6]], dtype=int32)
        >>> keras.utils.pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post", value=-1)
        array([[ 2,  3],
               [ 4, -1]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    if padding not in ("pre", "post"):
        raise ValueError(f'Padding type "{padding}" not understood')
    if truncating not in ("pre", "post"):
        raise ValueError(f'Truncating type "{truncating}" not understood')
    lengths, sample_shape = _lengths_and_sample_shape(sequences)
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    is_string_dtype = np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    if isinstance(value, str) and dtype is not object and not is_string_dtype:
        raise ValueError(
            f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
            "You should set `dtype=object` for variable length strings."
        )
    output = np.full((len(sequences), maxlen) + tuple(sample_shape), value, dtype=dtype)
    for index, sequence in enumerate(sequences):
        if not len(sequence) or maxlen == 0:
            continue
        kept = sequence[-maxlen:] if truncating == "pre" else sequence[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != tuple(sample_shape):
            raise ValueError(
                f"Shape of sample {kept.shape[1:]} of sequence at position {index} is "
                f"different from expected shape {tuple(sample_shape)}"
            )
        if padding == "post":
            output[index, :len(kept)] = kept
        else:
            output[index, maxlen - len(kept):] = kept
    return output
