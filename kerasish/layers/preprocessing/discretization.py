"""`Discretization`: buckets continuous values by boundaries."""

import numpy as np

from kerasish.layers.layer import Layer
from kerasish.layers.preprocessing import adapt_utils, encoding


class Discretization(Layer):
    """Maps each value to the index of its bucket: bucket `i` holds values in
    `[bin_boundaries[i-1], bin_boundaries[i])` (below the first boundary is
    bucket 0, at or above the last is `len(bin_boundaries)`).

    The boundaries are given, or learned with `adapt()` as approximate
    quantiles (`num_bins` buckets of about equal size), computed with
    Keras's summary algorithm so both libraries find the same boundaries.

    Args:
        bin_boundaries: a sorted list of floats, or None to `adapt`.
        num_bins: the number of buckets `adapt()` makes, or None.
        epsilon: the error tolerance of the quantile summary (default 0.01).
        output_mode: `"int"` (bucket indices, int32), `"one_hot"`,
            `"multi_hot"` or `"count"` (float vectors).
        sparse: must be False: kerasish has no sparse tensors.
        dtype: the layer's dtype (the output dtype of non-int modes).
        name: the layer's name.

    Returns:
        A layer mapping values to bucket indices or encodings.

    Input shape:
        Numbers of any shape, usually `(batch_size, ...)`.

    Output shape:
        With `output_mode="int"` (the default), the input's shape (a bin index per
        value). With `output_mode="one_hot"`, a new last axis of size num_bins
        (except that a last axis of size 1 is replaced by it); with `"multi_hot"` or
        `"count"`, `(batch_size, num_bins)` for a 2-D input and `(num_bins,)` for a
        1-D input (one sample).

    Raises:
        ValueError: on an unknown `output_mode`, a negative `num_bins`, both
            or neither of `num_bins` and `bin_boundaries`, `sparse=True`, or
            a call before the boundaries are known.

    Examples:
        >>> layer = keras.layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0])
        >>> np.asarray(layer(np.array([[-1.5, 0.0, 1.2, 2.5]])))
        array([[0, 1, 2, 3]], dtype=int32)
        >>> layer = keras.layers.Discretization(num_bins=2)
        >>> layer.adapt(np.array([0.0, 1.0, 2.0, 3.0]))
        >>> layer.bin_boundaries
        [1.0]
    """


    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
                 sparse=False, dtype=None, name=None):
        super().__init__(name=name, dtype=dtype)
        if sparse and output_mode == "int":
            raise ValueError(
                "`sparse=True` may only be used if `output_mode` is `'one_hot'`, "
                f"`'multi_hot'`, or `'count'`. Received: sparse={sparse} and "
                f"output_mode={output_mode}"
            )
        if sparse:
            raise ValueError("kerasish does not support sparse tensors. Received: sparse=True")
        adapt_utils.validate_string_arg(
            output_mode, ("int", "one_hot", "multi_hot", "count"), "Discretization",
            "output_mode",
        )
        if num_bins is not None and num_bins < 0:
            raise ValueError(
                "`num_bins` must be greater than or equal to 0. "
                f"Received: `num_bins={num_bins}`"
            )
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                "Both `num_bins` and `bin_boundaries` should not be set. "
                f"Received: `num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`"
            )
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse
        self.summary = None if bin_boundaries else np.array([[], []], dtype="float32")

    @property
    def output_dtype(self):
        return self.compute_dtype if self.output_mode != "int" else "int32"

    def adapt(self, data, steps=None):
        """Learns `num_bins - 1` boundaries (approximate quantiles) from `data`.

        Args:
            data: an array, or an iterable of array batches.
            steps: the number of batches of an iterable to read; all when None.

        Raises:
            ValueError: if the layer was made with `bin_boundaries`, or
                `data` is empty or not numeric.
        """
        if self.num_bins is None:
            raise ValueError(
                "Cannot adapt a Discretization layer that has been initialized with "
                "`bin_boundaries`, use `num_bins` instead."
            )
        self.summary = np.array([[], []], dtype="float32")
        for batch in adapt_utils.batches_of(data, steps):
            self.update_state(batch)
        if self.summary.shape[1] == 0:
            raise ValueError(
                "adapt() received no data: every batch is empty. Expected at least one value."
            )
        self.finalize_state()

    def update_state(self, data):
        """Adds a batch of values to the quantile summary.

        Args:
            data: an array of numbers.
        """
        values = adapt_utils.check_numeric(adapt_utils.as_array(data), self).astype("float32")
        self.summary = merge_summaries(summarize(values, self.epsilon), self.summary, self.epsilon)

    def finalize_state(self):
        """Turns the summary into `bin_boundaries`."""
        if self.num_bins is not None:
            self.bin_boundaries = get_bin_boundaries(self.summary, self.num_bins).tolist()

    def reset_state(self):
        """Forgets the values seen by `update_state`."""
        if self.num_bins is not None:
            self.summary = np.array([[], []], dtype="float32")

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(
                "You need to either pass the `bin_boundaries` argument at construction time "
                "or call `adapt(dataset)` before you can start using the `Discretization` "
                "layer."
            )
        values = np.asarray(getattr(inputs, "value", inputs))
        if values.dtype.kind != "f":
            values = values.astype(self.compute_dtype)
        indices = np.digitize(values, np.asarray(self.bin_boundaries, values.dtype), right=False)
        return encoding.encode(
            indices.astype("int32"), self.output_mode, len(self.bin_boundaries) + 1,
            self.output_dtype,
        )

    def compute_output_shape(self, input_shape):
        depth = (len(self.bin_boundaries) + 1 if self.bin_boundaries is not None
                 else self.num_bins)
        return encoding.encoded_shape(input_shape, self.output_mode, depth)

    def get_config(self):
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):  # a serialized DTypePolicy
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        # An adapted layer's config holds both: restore the boundaries after
        # building with num_bins (the constructor refuses both at once).
        bin_boundaries = config.get("bin_boundaries")
        if bin_boundaries is not None and config.get("num_bins") is not None:
            config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = bin_boundaries
            return layer
        return cls(**config)


# Keras's approximate quantiles: a summary is a 2 x n array of sorted values
# and their weights, compressed to about 1/epsilon entries.
def summarize(values, epsilon):
    values = np.sort(np.reshape(values, [-1]))
    # Keep every step-th sorted value, each standing for `step` values; the
    # step is computed in the same float operations as Keras's.
    step = max(values.size / (1.0 / epsilon), 1)
    kept = values[int(step - 1)::int(step)]
    return np.stack([kept, np.full_like(kept, step)])


def merge_summaries(prev_summary, next_summary, epsilon):
    merged = np.concatenate((prev_summary, next_summary), axis=1)
    merged = np.take(merged, np.argsort(merged[0]), axis=1)
    return compress_summary(merged, epsilon)


def get_bin_boundaries(summary, num_bins):
    return compress_summary(summary, 1.0 / num_bins)[0, :-1]


def compress_summary(summary, epsilon):
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum_weights = summary[1].cumsum()
    cum_weight_percents = cum_weights / cum_weights[-1]
    new_bins = np.interp(percents, cum_weight_percents, summary[0])
    cum_weights = np.interp(percents, cum_weight_percents, cum_weights)
    new_weights = cum_weights - np.concatenate((np.array([0]), cum_weights[:-1]))
    return np.stack((new_bins, new_weights)).astype("float32")
