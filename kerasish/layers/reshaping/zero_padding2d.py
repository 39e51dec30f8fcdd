"""`ZeroPadding2D`: adds a border of zeros around images."""

from kerasish import ops
from kerasish.layers import input_checks
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.layer import Layer


class ZeroPadding2D(Layer):
    """Adds rows and columns of zeros around images. `padding` is an int,
    (rows, cols) symmetric amounts, or ((top, bottom), (left, right)).

    Often used before a convolution with `padding="valid"` to control the
    output size.

    Args:
        padding: an int (the same border on all four sides), a tuple of 2
            ints `(rows, cols)` (added both above and below, left and right),
            or a tuple of 2 pairs `((top, bottom), (left, right))`.
            Default `(1, 1)`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        ValueError: if `padding` has none of the forms above or
            `data_format` is invalid; when called, if the input is not 4-D.

    Examples:
        >>> x = np.ones((1, 2, 2, 1))
        >>> np.asarray(keras.layers.ZeroPadding2D(1)(x))[0, :, :, 0]
        array([[0., 0., 0., 0.],
               [0., 1., 1., 0.],
               [0., 1., 1., 0.],
               [0., 0., 0., 0.]], dtype=float32)
        >>> keras.layers.ZeroPadding2D(((1, 0), (2, 3)))(x).shape
        (1, 3, 7, 1)
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = conv_utils.standardize_data_format(data_format)
        if isinstance(padding, int):
            self.padding = ((padding, padding), (padding, padding))
        elif hasattr(padding, "__len__") and len(padding) == 2:
            pairs = []
            for amount, name in zip(padding, ("1st entry of padding", "2nd entry of padding")):
                if isinstance(amount, int):
                    pairs.append((amount, amount))
                else:
                    pairs.append(conv_utils.standardize_tuple(amount, 2, name, allow_zero=True))
            self.padding = tuple(pairs)
        else:
            raise ValueError(
                "`padding` should be either an int, a tuple of 2 ints (symmetric_height_pad, "
                "symmetric_width_pad), or a tuple of 2 tuples of 2 ints ((top_pad, "
                f"bottom_pad), (left_pad, right_pad)). Received: padding={padding}."
            )

    def _widths(self):
        if self.data_format == "channels_last":
            return ((0, 0),) + self.padding + ((0, 0),)
        return ((0, 0), (0, 0)) + self.padding

    def compute_output_shape(self, input_shape):
        input_checks.check_ndim(self, input_shape, ndim=4)
        return tuple(
            None if d is None else d + before + after
            for d, (before, after) in zip(input_shape, self._widths())
        )

    def call(self, inputs):
        input_checks.check_ndim(self, inputs.shape, ndim=4)
        return ops.pad(inputs, self._widths())

    def get_config(self):
        config = super().get_config()
        config.update({"padding": self.padding, "data_format": self.data_format})
        return config
