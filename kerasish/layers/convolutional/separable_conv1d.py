"""`SeparableConv1D`: a depthwise then a pointwise convolution."""

from kerasish.layers.convolutional.base_separable_conv import (
    BaseSeparableConv,
    separable_conv_doc,
)


class SeparableConv1D(BaseSeparableConv):
    __doc__ = separable_conv_doc(
        1, "(batch, steps, channels)", "an int or a tuple of 1 int", """\
        >>> layer = keras.layers.SeparableConv1D(4, 3, depth_multiplier=2)
        >>> layer(np.ones((1, 6, 3))).shape
        (1, 4, 4)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 3, 2), (1, 6, 4), (4,)]
        >>> keras.Sequential([keras.Input(shape=(6, 3)), layer]).output_shape
        (None, 4, 4)""")

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(
            1, depth_multiplier, filters, kernel_size, strides, padding, data_format,
            dilation_rate, activation, use_bias, depthwise_initializer, pointwise_initializer,
            bias_initializer, depthwise_regularizer, pointwise_regularizer, bias_regularizer,
            activity_regularizer, depthwise_constraint, pointwise_constraint, bias_constraint,
            **kwargs,
        )
