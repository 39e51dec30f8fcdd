"""`SeparableConv2D`: a depthwise then a pointwise convolution."""

from kerasish.layers.convolutional.base_separable_conv import (
    BaseSeparableConv,
    separable_conv_doc,
)


class SeparableConv2D(BaseSeparableConv):
    __doc__ = separable_conv_doc(
        2, "(batch, height, width, channels)", "an int or a tuple of 2 ints", """\
        >>> layer = keras.layers.SeparableConv2D(8, 3, padding="same")
        >>> layer(np.ones((1, 5, 5, 3))).shape
        (1, 5, 5, 8)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 3, 3, 1), (1, 1, 3, 8), (8,)]
        >>> keras.Sequential([keras.Input(shape=(5, 5, 3)), layer]).output_shape
        (None, 5, 5, 8)""")

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(
            2, depth_multiplier, filters, kernel_size, strides, padding, data_format,
            dilation_rate, activation, use_bias, depthwise_initializer, pointwise_initializer,
            bias_initializer, depthwise_regularizer, pointwise_regularizer, bias_regularizer,
            activity_regularizer, depthwise_constraint, pointwise_constraint, bias_constraint,
            **kwargs,
        )
