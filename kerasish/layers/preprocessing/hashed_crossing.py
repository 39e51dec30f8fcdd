"""`HashedCrossing`: crosses categorical features into hashed bins, bit for
bit as TensorFlow's `tf.sparse.cross_hashed` (which Keras uses)."""

import numpy as np

from kerasish.backend import config as backend_config
from kerasish.layers.layer import Layer
from kerasish.layers.preprocessing import encoding, hash_functions, text_utils

_MASK = (1 << 64) - 1
_MUL = 0xC6A4A7935BD1E995
# tf.sparse.cross_hashed's default `hash_key`.
_HASH_KEY = 0xDECAFCAFFE


def _shift_mix(value):
    return value ^ (value >> 47)


def fingerprint_cat64(first, second):
    """TensorFlow's FingerprintCat64: combines two 64-bit fingerprints."""
    result = first ^ _MUL
    result ^= (_shift_mix((second * _MUL) & _MASK) * _MUL) & _MASK
    result = (result * _MUL) & _MASK
    result = (_shift_mix(result) * _MUL) & _MASK
    return _shift_mix(result)


def _feature_hash(value):
    """A feature's 64-bit hash: integers are their own (two's complement)
    bits, strings their FarmHash Fingerprint64."""
    if isinstance(value, (bytes, str)):
        return hash_functions.fingerprint64(hash_functions.as_hash_bytes(value))
    return int(value) & _MASK


def cross_hash(features, num_bins):
    """The bin of one crossed sample: the features' hashes chained from the
    default key, modulo `num_bins`."""
    hashed = _HASH_KEY
    for feature in features:
        hashed = fingerprint_cat64(hashed, _feature_hash(feature))
    return hashed % num_bins if num_bins > 0 else hashed % ((1 << 63) - 1)


class HashedCrossing(text_utils.TakesStrings, Layer):
    """Crosses two or more categorical features (strings or integers) and
    hashes each combination into one of `num_bins` bins, with exactly the
    bins Keras (TensorFlow's `cross_hashed`) gives.

    Args:
        num_bins: the number of hash bins.
        output_mode: `"int"` (default, bin indices) or `"one_hot"`.
        sparse: must be False: kerasish has no sparse tensors.
        name: the layer's name.
        dtype: the output dtype: int64 by default in `"int"` mode, floatx
            in `"one_hot"` mode.
        **kwargs: other base layer keyword arguments.

    Input shape:
        A list or tuple of at least two arrays of one shape: `()`,
        `(batch,)` or `(batch, 1)`, of integers or strings.

    Output shape:
        The inputs' shape in `"int"` mode; `(batch, num_bins)` (or
        `(num_bins,)` for scalars) in `"one_hot"` mode.

    Returns:
        A layer producing crossed bin indices or one-hot vectors.

    Raises:
        ValueError: for an unknown `output_mode`, `sparse=True`, fewer than
            two inputs, inputs of other shapes or of float dtypes.

    Examples:
        >>> layer = keras.layers.HashedCrossing(num_bins=5)
        >>> np.asarray(layer((np.array([1, 2, 1]), np.array(["a", "b", "a"]))))
        array([0, 4, 0])
    """

    def __init__(self, num_bins, output_mode="int", sparse=False, name=None, dtype=None,
                 **kwargs):
        if output_mode == "int" and dtype is None:
            dtype = "int64"
        super().__init__(name=name, dtype=dtype or backend_config.floatx(), **kwargs)
        if sparse:
            raise ValueError("`sparse=True` can only be used with the TensorFlow backend.")
        if output_mode not in ("int", "one_hot"):
            raise ValueError(
                f"Unknown value for `output_mode`. Expected one of ('int', 'one_hot'). "
                f"Received: output_mode={output_mode}")
        self.num_bins = num_bins
        self.output_mode = output_mode
        self.sparse = sparse

    def _convert_inputs(self, inputs):
        if isinstance(inputs, (list, tuple)):
            return [np.asarray(getattr(x, "value", x)) for x in inputs]
        return np.asarray(getattr(inputs, "value", inputs))

    def _check_inputs(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError("`HashedCrossing` should be called on a list or tuple of inputs. "
                             f"Received: inputs={inputs}")
        if len(inputs) < 2:
            raise ValueError("`HashedCrossing` should be called on at least two inputs. "
                             f"Received: inputs={inputs}")
        first = inputs[0].shape
        if len(first) > 2 or (len(first) == 2 and first[-1] != 1):
            raise ValueError("All `HashedCrossing` inputs should have shape `()`, `(batch_size)` "
                             f"or `(batch_size, 1)`. Received: inputs={inputs}")
        if any(x.shape != first for x in inputs[1:]):
            raise ValueError("All `HashedCrossing` inputs should have equal shape. "
                             f"Received: inputs={inputs}")
        if any(x.dtype.kind not in "iuUSO" for x in inputs):
            raise ValueError("All `HashedCrossing` inputs should have an integer or string "
                             f"dtype. Received: inputs={inputs}")

    def call(self, inputs):
        inputs = self._convert_inputs(inputs)
        self._check_inputs(inputs)
        shape = inputs[0].shape
        columns = [x.reshape(-1).tolist() for x in inputs]
        bins = np.array([cross_hash(features, self.num_bins) for features in zip(*columns)],
                        dtype="int64").reshape(shape)
        if self.output_mode == "one_hot" and bins.ndim == 2:
            bins = bins[:, 0]
        # A scalar cross one-hot encodes to (1, num_bins), as in Keras.
        return encoding.encode(bins, self.output_mode, self.num_bins, self.dtype)

    def compute_output_shape(self, input_shape):
        if (len(input_shape) != 2 or not isinstance(input_shape[0], tuple)
                or not isinstance(input_shape[1], tuple)):
            raise ValueError("Expected as input a list/tuple of 2 tensors. "
                             f"Received input_shape={input_shape}")
        if input_shape[0][-1:] != input_shape[1][-1:]:
            raise ValueError("Expected the two input tensors to have identical shapes. "
                             f"Received input_shape={input_shape}")
        first = tuple(input_shape[0])
        if self.output_mode == "int":
            return first
        if first and first[-1] != 1:
            return first + (self.num_bins,)
        return first[:-1] + (self.num_bins,)

    def get_config(self):
        return {"num_bins": self.num_bins, "output_mode": self.output_mode,
                "sparse": self.sparse, "name": self.name, "dtype": self.dtype}
