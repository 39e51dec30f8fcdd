"""`IntegerLookup`: integer values to vocabulary indices (or back)."""

import numpy as np

from kerasish.layers.preprocessing.index_lookup import IndexLookup


class IntegerLookup(IndexLookup):
    """Maps integer values (ids, codes, years...) to contiguous indices from a
    vocabulary, or back with `invert=True`.

    The index layout is `StringLookup`'s: the mask (int mode), the OOV
    indices, then the vocabulary. With several OOV indices, unknown values go to
    `value % num_oov_indices` (`oov_method="floormod"`) or to a FarmHash
    bucket of their decimal text (`"farmhash"`).

    Args:
        max_tokens: the largest vocabulary `adapt` may learn, special
            indices included; None for no limit.
        num_oov_indices: how many indices unknown values share (default 1).
        mask_token: a value that maps to index 0 (int mode), or None.
        oov_token: the value `invert` gives unknown indices (-1).
        vocabulary: a list of ints, or None to `adapt`.
        vocabulary_dtype: must be "int64".
        idf_weights: with `output_mode="tf_idf"`, one weight per token.
        invert: whether to map indices back to values.
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"`, `"count"` or `"tf_idf"`.
        sparse: must be False: kerasish has no sparse tensors.
        pad_to_max_tokens: whether encodings have `max_tokens` entries.
        oov_method: `"floormod"` (default) or `"farmhash"`.
        salt: hashing key with `oov_method="farmhash"`.
        name: the layer's name.
        **kwargs: `vocabulary_size`, `has_input_vocabulary` (from configs).

    Returns:
        A layer producing int64 indices or encoded vectors.

    Input shape:
        Integers of any shape, usually `(batch_size, ...)`; with `invert=True`,
        indices of the vocabulary.

    Output shape:
        With `output_mode="int"` (the default) or `invert=True`, the input's shape.
        With `output_mode="one_hot"`, a new last axis of size vocabulary_size
        (except that a last axis of size 1 is replaced by it); with `"multi_hot"` or
        `"count"` or `"tf_idf"`, `(batch_size, vocabulary_size)` for a 2-D input and
        `(vocabulary_size,)` for a 1-D input (one sample). `vocabulary_size` is
        `max_tokens` when `pad_to_max_tokens=True`.

    Raises:
        ValueError: on invalid arguments or vocabularies, as Keras.

    Examples:
        >>> layer = keras.layers.IntegerLookup(vocabulary=[12, 36, 1138])
        >>> np.asarray(layer(np.array([[12, 1138], [42, 36]])))
        array([[1, 3],
               [0, 2]])
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1,
                 vocabulary=None, vocabulary_dtype="int64", idf_weights=None, invert=False,
                 output_mode="int", sparse=False, pad_to_max_tokens=False,
                 oov_method="floormod", salt=None, name=None, **kwargs):
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                "If `max_tokens` is set for `IntegerLookup`, it must be greater than 1. "
                f"Received: max_tokens={max_tokens}"
            )
        if num_oov_indices < 0:
            raise ValueError(
                "The value of `num_oov_indices` argument for `IntegerLookup` must >= 0. "
                f"Received: num_oov_indices={num_oov_indices}"
            )
        if vocabulary_dtype != "int64":
            raise ValueError(
                "Only `vocabulary_dtype='int64'` is supported at this time. Received: "
                f"vocabulary_dtype={vocabulary_dtype}"
            )
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
            oov_token=oov_token, vocabulary=vocabulary, vocabulary_dtype=vocabulary_dtype,
            idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens, oov_method=oov_method, salt=salt, name=name,
            **kwargs,
        )

    def _as_token(self, value):
        return int(value)

    def _to_tokens_array(self, data):
        array = np.asarray(getattr(data, "value", data))
        if array.dtype.kind not in "biuf" and array.size:
            raise ValueError(
                f'Layer "{self.name}" expects integer inputs. Received: inputs with '
                f"dtype={array.dtype}"
            )
        return array.astype("int64")

    def _tokens_output_array(self, tokens):
        return np.array(tokens, dtype="int64")

    def get_config(self):
        config = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config[key] is not None:
                config[key] = int(config[key])
        if config["vocabulary"] is not None:
            config["vocabulary"] = [int(v) for v in config["vocabulary"]]
        return config
