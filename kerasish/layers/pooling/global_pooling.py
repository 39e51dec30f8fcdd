"""Pooling over every spatial position: (batch, ..., channels) -> (batch, channels)."""

from kerasish import ops
from kerasish.layers import input_checks
from kerasish.layers.input_spec import InputSpec
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Reduces every spatial axis with `reduce_function`; subclasses set it and the rank."""

    built_at_init = True  # as in Keras: no build_config

    reduce_function = None  # ops.mean or ops.max, set by subclasses

    def __init__(self, rank, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=rank + 2)
        self.rank = rank
        self.data_format = conv_utils.standardize_data_format(data_format)
        self.keepdims = keepdims

    def _axes(self):
        return conv_utils.spatial_axes(self.rank, self.data_format)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        input_checks.check_ndim(self, input_shape, ndim=self.rank + 2)
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def call(self, inputs):
        self.compute_output_shape(inputs.shape)
        return type(self).reduce_function(inputs, axis=self._axes(), keepdims=self.keepdims)

    def get_config(self):
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Averages each channel over all steps: `(batch, steps, channels)` -> `(batch, channels)`.

    A common way to turn a sequence of features into one vector per sample.

    Args:
        data_format: `"channels_last"` (default, `(batch, steps, channels)`) or
            `"channels_first"` (channels right after the batch axis).
        keepdims: whether to keep the pooled axes with size 1 (default False:
            the output is `(batch, channels)`).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 3-D array: `(batch_size, steps, channels)` with
        `data_format="channels_last"` (the default), `(batch_size, channels, steps)`
        with `"channels_first"`. A mask of shape `(batch_size, steps)` leaves out
        the masked steps.

    Output shape:
        `(batch_size, channels)`; with `keepdims=True`, the spatial axes are kept
        with size 1: `(batch_size, 1, channels)` with `"channels_last"`,
        `(batch_size, channels, 1)` with `"channels_first"`.

    Raises:
        ValueError: if `data_format` is invalid; when called, if the input is
            not 3-D.

    Examples:
        >>> x = np.arange(6.0).reshape(1, 3, 2)
        >>> np.asarray(keras.layers.GlobalAveragePooling1D()(x))
        array([[2., 3.]], dtype=float32)
        >>> layer = keras.layers.GlobalAveragePooling1D()
        >>> keras.Sequential([keras.Input(shape=(10, 4)), layer]).output_shape
        (None, 4)
    """
    reduce_function = staticmethod(ops.mean)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(1, data_format, keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        # The mean over the unmasked steps only.
        steps_axis = self._axes()[0]
        mask_axis = 2 if self.data_format == "channels_last" else 1
        keep = ops.expand_dims(ops.cast(mask, "bool"), mask_axis)
        total = ops.sum(ops.where(keep, inputs, 0), axis=steps_axis, keepdims=self.keepdims)
        count = ops.sum(ops.cast(keep, inputs.dtype), axis=steps_axis, keepdims=self.keepdims)
        return ops.divide(total, count)

    def compute_mask(self, inputs, previous_mask=None):
        """No mask after pooling over the steps.

        Args:
            inputs: the layer's input.
            previous_mask: the steps' mask, or None.

        Returns:
            None.
        """
        return None


class GlobalAveragePooling2D(BaseGlobalPooling):
    """Averages each channel over the whole image: `(batch, h, w, channels)` -> `(batch, channels)`.

    Often replaces `Flatten` between the convolutions and the classifier of
    a CNN: it has no weights and works for any image size.

    Args:
        data_format: `"channels_last"` (default, `(batch, height, width, channels)`) or
            `"channels_first"` (channels right after the batch axis).
        keepdims: whether to keep the pooled axes with size 1 (default False:
            the output is `(batch, channels)`).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 4-D array: `(batch_size, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, channels)`; with `keepdims=True`, the spatial axes are kept
        with size 1: `(batch_size, 1, 1, channels)` with `"channels_last"`,
        `(batch_size, channels, 1, 1)` with `"channels_first"`.

    Raises:
        ValueError: if `data_format` is invalid; when called, if the input is
            not 4-D.

    Examples:
        >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
        >>> np.asarray(keras.layers.GlobalAveragePooling2D()(x))
        array([[7.5]], dtype=float32)
        >>> keras.layers.GlobalAveragePooling2D(keepdims=True)(np.ones((2, 4, 4, 3))).shape
        (2, 1, 1, 3)
    """
    reduce_function = staticmethod(ops.mean)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, data_format, keepdims, **kwargs)


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Takes each channel's maximum over all steps: `(batch, steps, channels)` -> `(batch, channels)`.

    Keeps, for each feature, its strongest response anywhere in the
    sequence.

    Args:
        data_format: `"channels_last"` (default, `(batch, steps, channels)`) or
            `"channels_first"` (channels right after the batch axis).
        keepdims: whether to keep the pooled axes with size 1 (default False:
            the output is `(batch, channels)`).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 3-D array: `(batch_size, steps, channels)` with
        `data_format="channels_last"` (the default), `(batch_size, channels, steps)`
        with `"channels_first"`.

    Output shape:
        `(batch_size, channels)`; with `keepdims=True`, the spatial axes are kept
        with size 1: `(batch_size, 1, channels)` with `"channels_last"`,
        `(batch_size, channels, 1)` with `"channels_first"`.

    Raises:
        ValueError: if `data_format` is invalid; when called, if the input is
            not 3-D.

    Examples:
        >>> x = np.arange(6.0).reshape(1, 3, 2)
        >>> np.asarray(keras.layers.GlobalMaxPooling1D()(x))
        array([[4., 5.]], dtype=float32)
    """
    reduce_function = staticmethod(ops.max)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(1, data_format, keepdims, **kwargs)


class GlobalMaxPooling2D(BaseGlobalPooling):
    """Takes each channel's maximum over the whole image: `(batch, h, w, channels)` -> `(batch, channels)`.

    Keeps, for each feature map, its strongest response anywhere in the
    image.

    Args:
        data_format: `"channels_last"` (default, `(batch, height, width, channels)`) or
            `"channels_first"` (channels right after the batch axis).
        keepdims: whether to keep the pooled axes with size 1 (default False:
            the output is `(batch, channels)`).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 4-D array: `(batch_size, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, channels)`; with `keepdims=True`, the spatial axes are kept
        with size 1: `(batch_size, 1, 1, channels)` with `"channels_last"`,
        `(batch_size, channels, 1, 1)` with `"channels_first"`.

    Raises:
        ValueError: if `data_format` is invalid; when called, if the input is
            not 4-D.

    Examples:
        >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
        >>> np.asarray(keras.layers.GlobalMaxPooling2D()(x))
        array([[15.]], dtype=float32)
        >>> layer = keras.layers.GlobalMaxPooling2D()
        >>> keras.Sequential([keras.Input(shape=(8, 8, 16)), layer]).output_shape
        (None, 16)
    """
    reduce_function = staticmethod(ops.max)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, data_format, keepdims, **kwargs)
