"""`SpatialDropout1D/2D/3D`: dropout of whole feature maps."""

from kerasish.layers import input_checks
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.regularization.dropout import Dropout


class BaseSpatialDropout(Dropout):
    """Dropout whose keep/drop decision is shared by all positions of a
    channel: the mask has size 1 on the spatial axes."""

    rank = None

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)

    def _concrete_noise_shape(self, shape):
        input_checks.check_ndim(self, shape, ndim=self.rank + 2)
        noise_shape = list(shape)
        for axis in conv_utils.spatial_axes(self.rank, self._data_format()):
            noise_shape[axis] = 1
        return tuple(noise_shape)

    def _data_format(self):
        return "channels_last"

    def get_config(self):
        # Keras writes only these keys, with the dtype as a plain name.
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}


class SpatialDropout1D(BaseSpatialDropout):
    """Dropout of whole channels of `(batch, steps, channels)` inputs.

    During training each channel of each sample is kept (scaled by
    1 / (1 - rate)) or zeroed at every step at once; at inference the input
    passes through. Useful after convolutions, whose neighbouring steps are
    correlated.

    Args:
        rate: the fraction of channels to drop, a number in [0, 1].
        seed: an int for a reproducible sequence of masks, or None.
        name: the layer's name.
        dtype: the layer's dtype.

    Input shape:
        A 3-D array `(batch_size, steps, channels)`; a dropped channel is dropped at
        every step.

    Output shape:
        The input's shape.

    Raises:
        TypeError: if `rate` is not a number.
        ValueError: if `rate` is not in [0, 1]; in training, if the input is
            not 3-D.

    Examples:
        >>> layer = keras.layers.SpatialDropout1D(0.5, seed=3)
        >>> out = np.asarray(layer(np.ones((1, 4, 3)), training=True))
        >>> bool((out == out[:, :1]).all())  # each channel the same at every step
        True
        >>> keras.Sequential([keras.Input(shape=(4, 3)), layer]).output_shape
        (None, 4, 3)
    """

    rank = 1


class _ChannelsSpatialDropout(BaseSpatialDropout):
    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = conv_utils.standardize_data_format(data_format)

    def _data_format(self):
        return self.data_format

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class SpatialDropout2D(_ChannelsSpatialDropout):
    """Dropout of whole feature maps of `(batch, height, width, channels)` images.

    During training each channel of each image is kept (scaled by
    1 / (1 - rate)) or zeroed entirely; at inference the input passes
    through.

    Args:
        rate: the fraction of channels to drop, a number in [0, 1].
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for a reproducible sequence of masks, or None.
        name: the layer's name.
        dtype: the layer's dtype.

    Input shape:
        A 4-D array: `(batch_size, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, height, width)` with `"channels_first"`; a dropped
        channel is dropped at every position.

    Output shape:
        The input's shape.

    Raises:
        TypeError: if `rate` is not a number.
        ValueError: if `rate` or `data_format` is invalid; in training, if
            the input is not 4-D.

    Examples:
        >>> layer = keras.layers.SpatialDropout2D(0.5, seed=0)
        >>> out = np.asarray(layer(np.ones((2, 3, 3, 4)), training=True))
        >>> sorted(set(out.ravel().tolist()))
        [0.0, 2.0]
        >>> keras.Sequential([keras.Input(shape=(3, 3, 4)), layer]).output_shape
        (None, 3, 3, 4)
    """

    rank = 2


class SpatialDropout3D(_ChannelsSpatialDropout):
    """Dropout of whole feature maps of `(batch, dim1, dim2, dim3, channels)` volumes.

    Args:
        rate: the fraction of channels to drop, a number in [0, 1].
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for a reproducible sequence of masks, or None.
        name: the layer's name.
        dtype: the layer's dtype.

    Input shape:
        A 5-D array: `(batch_size, dim1, dim2, dim3, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, dim1, dim2, dim3)` with `"channels_first"`; a
        dropped channel is dropped at every position.

    Output shape:
        The input's shape.

    Raises:
        TypeError: if `rate` is not a number.
        ValueError: if `rate` or `data_format` is invalid; in training, if
            the input is not 5-D.

    Examples:
        >>> layer = keras.layers.SpatialDropout3D(0.5)
        >>> layer(np.ones((1, 2, 2, 2, 3))).shape
        (1, 2, 2, 2, 3)
        >>> keras.Sequential([keras.Input(shape=(2, 2, 2, 3)), layer]).output_shape
        (None, 2, 2, 2, 3)
    """

    rank = 3
