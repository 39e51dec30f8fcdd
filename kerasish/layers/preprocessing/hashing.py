"""`Hashing`: categorical values to a fixed number of bins by hashing."""

import numpy as np

from kerasish.backend import config as backend_config
from kerasish.layers.layer import Layer
from kerasish.layers.preprocessing import encoding, hash_functions, text_utils


class Hashing(text_utils.TakesStrings, Layer):
    """Hashes strings or integers into `num_bins` bins, with the same bins as
    Keras: FarmHash Fingerprint64 of the value's text (integers as decimal
    text, floats truncated to integers first) modulo the number of bins, or
    SipHash-2-4 keyed by `salt` when a salt is given.

    With a `mask_value`, that value goes to bin 0 and the others to bins
    1..num_bins-1.

    Args:
        num_bins: the number of bins, mask bin included.
        mask_value: a value to send to bin 0, or None.
        salt: an int or a pair of ints: the key of a salted (SipHash) hash.
        output_mode: `"int"` (bin indices), `"one_hot"`, `"multi_hot"` or
            `"count"`.
        sparse: must be False: kerasish has no sparse tensors.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`
            (int64 by default in "int" mode, floatx otherwise).

    Returns:
        A layer producing bin indices or encoded vectors.

    Input shape:
        Integers or strings of any shape, usually `(batch_size, ...)`.

    Output shape:
        With `output_mode="int"` (the default), the input's shape (a bin index per
        value). With `output_mode="one_hot"`, a new last axis of size num_bins
        (except that a last axis of size 1 is replaced by it); with `"multi_hot"` or
        `"count"`, `(batch_size, num_bins)` for a 2-D input and `(num_bins,)` for a
        1-D input (one sample).

    Raises:
        ValueError: on a missing or non-positive `num_bins`, an unknown
            `output_mode`, a non-integer dtype in "int" mode, or a bad salt.

    Examples:
        >>> layer = keras.layers.Hashing(num_bins=3)
        >>> np.asarray(layer([["A"], ["B"], ["C"], ["D"], ["E"]]))
        array([[1],
               [0],
               [1],
               [1],
               [2]])
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False,
                 **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else backend_config.floatx()
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(
                "The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                f"Received: num_bins={num_bins}."
            )
        if output_mode == "int" and self.dtype not in ("int32", "int64"):
            raise ValueError(
                'When `output_mode="int"`, `dtype` should be an integer type, \'int32\' or '
                f"'in64'. Received: dtype={kwargs['dtype']}"
            )
        accepted = ("int", "one_hot", "multi_hot", "count")
        if output_mode not in accepted:
            raise ValueError(
                f"Invalid value for argument `output_mode`. Expected one of {accepted}. "
                f"Received: output_mode={output_mode}"
            )
        if sparse and output_mode == "int":
            raise ValueError(
                '`sparse` may only be true if `output_mode` is `"one_hot"`, `"multi_hot"`, or '
                f'`"count"`. Received: sparse={sparse} and output_mode={output_mode}'
            )
        if sparse:
            raise ValueError("kerasish does not support sparse tensors. Received: sparse=True")
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = sparse
        self.salt = None
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                self.salt = list(salt)
            elif isinstance(salt, int):
                self.salt = [salt, salt]
            else:
                raise ValueError(
                    "The `salt` argument for `Hashing` can only be a tuple of size 2 "
                    f"integers, or a single integer. Received: salt={salt}."
                )


    def call(self, inputs):
        values = np.asarray(getattr(inputs, "value", inputs))
        if values.dtype.kind in "SO":
            values = text_utils.to_string_array(values)
        if self.output_mode == "one_hot" and values.ndim and values.shape[-1] == 1:
            values = values[..., 0]
        bins = self._hash_values_to_bins(values)
        return encoding.encode(bins, self.output_mode, self.num_bins, self.dtype)

    def _hash_values_to_bins(self, values):
        bins = self.num_bins
        masked = None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            masked = values == self.mask_value
        flat = values.ravel().tolist()
        hashed = np.array([hash_functions.hash_bucket(v, bins, self.salt) for v in flat],
                          dtype="int64").reshape(values.shape)
        if masked is not None:
            hashed = np.where(masked, 0, hashed + 1)
        return hashed

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_bins,)
        return tuple(input_shape[:-1]) + (self.num_bins,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "num_bins": self.num_bins,
            "salt": self.salt,
            "mask_value": self.mask_value,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        })
        return config
