"""`StringLookup`: strings to vocabulary indices (or back)."""

import numpy as np

from kerasish.layers.preprocessing import text_utils
from kerasish.layers.preprocessing.index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Maps strings to integer indices from a vocabulary, or back with `invert=True`.

    Index layout (as in Keras): with `output_mode="int"` and a `mask_token`,
    index 0 is the mask; then `num_oov_indices` indices for unknown strings
    (hashed with FarmHash into them when there are several); then the
    vocabulary. Other output modes encode the indices of each sample as
    one-hot, multi-hot, count or TF-IDF vectors.

    Inputs are lists or NumPy arrays of `str` (or `bytes`); inverted
    outputs are NumPy arrays of `str` (Keras returns byte-string tensors).

    Args:
        max_tokens: the largest vocabulary `adapt` may learn, special
            indices included; None for no limit.
        num_oov_indices: how many indices unknown strings share (default 1).
        mask_token: a string that maps to index 0 (int mode) and is ignored
            by the encodings, or None.
        oov_token: the string `invert` gives unknown indices ("[UNK]").
        vocabulary: a list of strings, or a text file path, or None to `adapt`.
        idf_weights: with `output_mode="tf_idf"` and a given vocabulary,
            one IDF weight per token.
        invert: whether to map indices back to strings.
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"`, `"count"` or
            `"tf_idf"`.
        pad_to_max_tokens: whether encodings have `max_tokens` entries even
            when the vocabulary is smaller.
        sparse: must be False: kerasish has no sparse tensors.
        encoding: the text encoding of byte-string inputs ("utf-8").
        name: the layer's name.
        salt: hashing key for several OOV indices (SipHash instead of FarmHash).
        **kwargs: `vocabulary_size`, `has_input_vocabulary` (from configs).

    Returns:
        A layer producing int64 indices or encoded vectors.

    Input shape:
        Strings of any shape, usually `(batch_size, ...)`; with `invert=True`,
        indices of the vocabulary.

    Output shape:
        With `output_mode="int"` (the default) or `invert=True`, the input's shape.
        With `output_mode="one_hot"`, a new last axis of size vocabulary_size
        (except that a last axis of size 1 is replaced by it); with `"multi_hot"` or
        `"count"` or `"tf_idf"`, `(batch_size, vocabulary_size)` for a 2-D input and
        `(vocabulary_size,)` for a 1-D input (one sample). `vocabulary_size` is
        `max_tokens` when `pad_to_max_tokens=True`.

    Raises:
        ValueError: on invalid arguments, a vocabulary with repeated tokens
            or misplaced special tokens, or non-string inputs.

    Examples:
        >>> layer = keras.layers.StringLookup(vocabulary=["a", "b", "c"])
        >>> np.asarray(layer(np.array([["a", "c"], ["d", "b"]])))
        array([[1, 3],
               [0, 2]])
        >>> layer = keras.layers.StringLookup()
        >>> layer.adapt(["x", "y", "y", "z", "y", "x"])
        >>> layer.get_vocabulary()
        ['[UNK]', 'y', 'x', 'z']
        >>> keras.layers.StringLookup(vocabulary=["a", "b"], invert=True)(np.array([2, 0]))
        array(['b', '[UNK]'], dtype='<U5')
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, salt=None,
                 **kwargs):
        self.encoding = encoding
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
            oov_token=oov_token, vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
            output_mode=output_mode, pad_to_max_tokens=pad_to_max_tokens, sparse=sparse,
            name=name, salt=salt, vocabulary_dtype="string", **kwargs,
        )

    def _as_token(self, value):
        if isinstance(value, bytes):
            return value.decode(self.encoding)
        return str(value)

    def _sort_key(self, token):
        return token.encode("utf-8")

    def _to_tokens_array(self, data):
        array = np.asarray(getattr(data, "value", data))
        if array.size and not text_utils.is_string_array(array):
            raise ValueError(
                f'Layer "{self.name}" expects string inputs. Received: inputs with '
                f"dtype={array.dtype}"
            )
        return text_utils.to_string_array(array, self.encoding) if array.size else array.astype(
            object)

    def get_config(self):
        config = super().get_config()
        del config["vocabulary_dtype"]
        config["encoding"] = self.encoding
        return config
