"""`Dot`: the dot product of two batches of tensors, sample by sample."""

from kerasish import ops
from kerasish.layers.layer import Layer
from kerasish.layers.normalization.unit_normalization import l2_normalize


def _check_axes_argument(axes):
    if isinstance(axes, int):
        return
    if not isinstance(axes, (list, tuple)):
        raise TypeError(
            f"Invalid type for argument `axes`: it should be a list or an int. Received: axes={axes}"
        )
    if len(axes) != 2:
        raise ValueError(
            "Invalid format for argument `axes`: it should contain two elements. "
            f"Received: axes={axes}"
        )
    if not isinstance(axes[0], int) or not isinstance(axes[1], int):
        raise ValueError(
            "Invalid format for argument `axes`: list elements should be integers. "
            f"Received: axes={axes}"
        )


def batch_dot(x, y, axes):
    """Per sample, sums `x * y` over axis `axes[0]` of x and `axes[1]` of y;
    the other axes of x, then those of y, remain. A result of rank 1 gets a
    trailing axis of size 1, as in Keras."""
    x_shape, y_shape = tuple(x.shape), tuple(y.shape)
    x_rest = [a for a in range(1, len(x_shape)) if a != axes[0]]
    y_rest = [a for a in range(1, len(y_shape)) if a != axes[1]]
    x_moved = ops.transpose(x, [0] + x_rest + [axes[0]])
    y_moved = ops.transpose(y, [0, axes[1]] + y_rest)
    batch, depth = x_shape[0], x_shape[axes[0]]
    x_sizes = [x_shape[a] for a in x_rest]
    y_sizes = [y_shape[a] for a in y_rest]
    x_matrix = ops.reshape(x_moved, (batch, -1, depth))
    y_matrix = ops.reshape(y_moved, (batch, depth, -1))
    product = ops.matmul(x_matrix, y_matrix)
    output_shape = (batch,) + tuple(x_sizes) + tuple(y_sizes)
    if len(output_shape) == 1:
        output_shape += (1,)
    return ops.reshape(product, output_shape)


class Dot(Layer):
    """Computes the dot product of two inputs sample by sample, along `axes`.

    For inputs of shapes `(batch, n)` and `(batch, n)` the output is
    `(batch, 1)`; for `(batch, a, n)` and `(batch, b, n)` with `axes=2` it is
    `(batch, a, b)` (the attention scores of two sequences). With
    `normalize=True` both inputs are L2-normalized along the axes first, so
    the result is the cosine similarity.

    Args:
        axes: the axis to contract (an int, for both inputs) or a pair of
            ints (one per input). The batch axis 0 cannot be contracted.
        normalize: whether to L2-normalize the inputs along `axes` first.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A list of 2 arrays `a` and `b`, of shapes such as `(batch_size, n, d)` and
        `(batch_size, m, d)`, whose sizes along the contracted `axes` are equal.

    Output shape:
        The axes of `a` then those of `b`, without the batch axis of `b` and without
        the contracted axes: `(batch_size, n, m)` for the example inputs with
        `axes=2`. When only the batch axis is left (two 2-D inputs), the output is
        `(batch_size, 1)`.

    Raises:
        TypeError: if `axes` is neither an int nor a list or tuple.
        ValueError: if `axes` does not have two integer entries; when
            called, if the inputs are not a list of two tensors or the
            contracted axes differ in size.

    Examples:
        >>> a = np.array([[1.0, 2.0], [3.0, 4.0]])
        >>> np.asarray(keras.layers.Dot(axes=1)([a, a]))
        array([[ 5.],
               [25.]], dtype=float32)
        >>> x, y = np.ones((2, 3, 4)), np.ones((2, 5, 4))
        >>> keras.layers.Dot(axes=(2, 2))([x, y]).shape
        (2, 3, 5)
        >>> keras.layers.Dot(axes=2)([keras.Input(shape=(3, 4)), keras.Input(shape=(5, 4))]).shape
        (None, 3, 5)
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        _check_axes_argument(axes)
        self.axes = axes
        self.normalize = normalize
        self.supports_masking = True

    def _positive_axes(self, shape1, shape2):
        axes = (self.axes, self.axes) if isinstance(self.axes, int) else tuple(self.axes)
        return axes[0] % len(shape1), axes[1] % len(shape2)

    def _check_shapes(self, input_shape):
        if (not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2
                or not isinstance(input_shape[0], (list, tuple))):
            raise ValueError(
                f"A `Dot` layer should be called on a list of 2 inputs. "
                f"Received: input_shape={input_shape}"
            )
        shape1, shape2 = tuple(input_shape[0]), tuple(input_shape[1])
        axis1, axis2 = self._positive_axes(shape1, shape2)
        if None not in (shape1[axis1], shape2[axis2]) and shape1[axis1] != shape2[axis2]:
            raise ValueError(
                f"Incompatible input shapes: axis values {shape1[axis1]} (at axis {axis1}) != "
                f"{shape2[axis2]} (at axis {axis2}). Full input shapes: {shape1}, {shape2}"
            )
        return shape1, shape2, (axis1, axis2)

    def build(self, input_shape):
        self._check_shapes(input_shape)
        self.built = True

    def call(self, inputs):
        x, y = inputs
        _, _, axes = self._check_shapes([tuple(x.shape), tuple(y.shape)])
        if self.normalize:
            x = l2_normalize(x, axes[0], 1e-7)
            y = l2_normalize(y, axes[1], 1e-7)
        return batch_dot(x, y, axes)

    def compute_output_shape(self, input_shape):
        shape1, shape2, axes = self._check_shapes(input_shape)
        output = [d for a, d in enumerate(shape1) if a != axes[0]]
        output += [d for a, d in enumerate(shape2) if a not in (0, axes[1])]
        if len(output) == 1:
            output.append(1)
        return tuple(output)

    def get_config(self):
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def dot(inputs, axes=-1, **kwargs):
    """The dot product of two inputs sample by sample: the same as `Dot(axes, **kwargs)(inputs)`.

    Args:
        inputs: a list of two tensors or arrays.
        axes: the axis (or pair of axes) to contract; default -1.
        **kwargs: `Dot`'s other keyword arguments, such as `normalize` and `name`.

    Returns:
        The product (a KerasTensor for symbolic inputs).

    Examples:
        >>> a = np.array([[1.0, 0.0]])
        >>> np.asarray(keras.layers.dot([a, a], axes=1))
        array([[1.]], dtype=float32)
    """
    return Dot(axes=axes, **kwargs)(inputs)
