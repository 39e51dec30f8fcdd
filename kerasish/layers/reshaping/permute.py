"""`Permute`: reorders the axes of each sample."""

from kerasish import ops
from kerasish.layers.input_spec import InputSpec
from kerasish.layers.layer import Layer


class Permute(Layer):
    """Permutes the non-batch axes; `dims` counts them from 1, e.g. (2, 1)
    swaps the two axes of a (batch, a, b) input.

    Args:
        dims: a permutation of `1, ..., rank - 1`: output axis `i` is input
            axis `dims[i - 1]`. The batch axis (0) never moves.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape `(batch_size, d1, ..., dn)`.

    Output shape:
        The non-batch axes reordered by `dims`:
        `(batch_size, d[dims[0]], ..., d[dims[-1]])`, so `dims=(2, 1)` turns
        `(batch_size, a, b)` into `(batch_size, b, a)`.

    Raises:
        ValueError: if `dims` is not a permutation of consecutive ints from
            1; when called, if the input's rank is not `len(dims) + 1`.

    Examples:
        >>> x = np.arange(6.0).reshape(1, 2, 3)
        >>> np.asarray(keras.layers.Permute((2, 1))(x))
        array([[[0., 3.],
                [1., 4.],
                [2., 5.]]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(10, 64)),
        ...                   keras.layers.Permute((2, 1))]).output_shape
        (None, 64, 10)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices "
                f"in `dims` must be consecutive and start from 1. Received dims={dims}"
            )

    def _check_rank(self, input_shape):
        if len(input_shape) != len(self.dims) + 1:
            raise ValueError(
                f"Input 0 of layer '{self.name}' is incompatible with the layer: expected "
                f"ndim={len(self.dims) + 1}, found ndim={len(input_shape)}. "
                f"Full shape received: {tuple(input_shape)}"
            )

    def compute_output_shape(self, input_shape):
        self._check_rank(input_shape)
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def call(self, inputs):
        self._check_rank(inputs.shape)
        return ops.transpose(inputs, (0,) + self.dims)

    def get_config(self):
        config = super().get_config()
        config["dims"] = self.dims
        return config
