"""`CategoryEncoding`: integer category ids to one-hot, multi-hot or count vectors."""

from kerasish.layers.layer import Layer
from kerasish.layers.preprocessing import encoding


class CategoryEncoding(Layer):
    """Encodes integer category ids (in `[0, num_tokens)`) as dense vectors.

    - `"one_hot"`: one vector per id (an input of shape `(batch, 1)` gives
      `(batch, num_tokens)`, `(batch,)` too).
    - `"multi_hot"`: one vector per sample with 1 at each id it contains.
    - `"count"`: one vector per sample counting each id (optionally weighted
      by `count_weights` at call time).

    Args:
        num_tokens: the number of categories; ids must be below it.
        output_mode: `"multi_hot"` (default, `"binary"` is its old name),
            `"one_hot"` or `"count"`.
        sparse: must be False: kerasish has no sparse tensors.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing float vectors of length `num_tokens`.

    Input shape:
        Integer indices in `[0, num_tokens)`: a 1-D array `(batch_size,)` or a 2-D
        array `(batch_size, n)`.

    Output shape:
        With `output_mode="one_hot"`, `(batch_size, num_tokens)` for a 1-D input or
        a last axis of size 1, and `(batch_size, n, num_tokens)` otherwise; with
        `"multi_hot"` or `"count"`, `(batch_size, num_tokens)` for a 2-D input and
        `(num_tokens,)` for a 1-D input (one sample).

    Raises:
        ValueError: on an unknown `output_mode`, a missing or non-positive
            `num_tokens`, `sparse=True`, ids out of range, or
            `count_weights` outside `"count"` mode.

    Examples:
        >>> layer = keras.layers.CategoryEncoding(num_tokens=4, output_mode="multi_hot")
        >>> np.asarray(layer(np.array([[0, 1], [3, 3]])))
        array([[1., 1., 0., 0.],
               [0., 0., 0., 1.]], dtype=float32)
        >>> layer = keras.layers.CategoryEncoding(num_tokens=3, output_mode="count")
        >>> np.asarray(layer(np.array([[0, 2, 2]])))
        array([[1., 0., 2.]], dtype=float32)
    """


    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(f"Unknown arg for output_mode: {output_mode}")
        if num_tokens is None:
            raise ValueError(
                "num_tokens must be set to use this layer. If the number of tokens is not "
                "known beforehand, use the IntegerLookup layer instead."
            )
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise ValueError("kerasish does not support sparse tensors. Received: sparse=True")
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = sparse

    def call(self, inputs, count_weights=None):
        if count_weights is not None and self.output_mode != "count":
            raise ValueError(
                "`count_weights` is not used when `output_mode` is not `'count'`. "
                f"Received `count_weights={count_weights}`."
            )
        return encoding.encode(
            inputs, self.output_mode, self.num_tokens, self.compute_dtype, count_weights
        )

    def compute_output_shape(self, input_shape):
        if self.output_mode == "one_hot" or not input_shape:
            return encoding.encoded_shape(input_shape, self.output_mode, self.num_tokens)
        return tuple(input_shape[:-1]) + (self.num_tokens,)

    def get_config(self):
        config = super().get_config()
        config.update({"num_tokens": self.num_tokens, "output_mode": self.output_mode})
        return config
