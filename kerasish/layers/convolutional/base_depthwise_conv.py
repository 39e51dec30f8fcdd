"""What DepthwiseConv1D and DepthwiseConv2D share: one set of filters per input channel."""

from kerasish import ops
from kerasish.layers.convolutional.base_conv import BaseConv


class BaseDepthwiseConv(BaseConv):
    """A `rank`-D depthwise convolution: kernel shape
    `kernel_size + (in_channels, depth_multiplier)`."""

    kernel_name_prefix = "depthwise"

    def __init__(
        self,
        rank,
        kernel_size,
        strides=1,
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            rank=rank,
            filters=None,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=depthwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
        if not isinstance(depth_multiplier, int) or depth_multiplier <= 0:
            raise ValueError(
                "Invalid value for argument `depth_multiplier`. Expected a strictly positive "
                f"value. Received depth_multiplier={depth_multiplier}."
            )
        self.depth_multiplier = depth_multiplier

    def _kernel_shape(self, channels):
        return self.kernel_size + (channels, self.depth_multiplier)

    def _output_channels(self, input_shape):
        channels = self._input_channels(input_shape)
        return None if channels is None else channels * self.depth_multiplier

    def _convolve(self, inputs):
        return ops.depthwise_conv(inputs, self.kernel, **self._conv_arguments())

    def get_config(self):
        config = super().get_config()
        del config["filters"], config["groups"]
        ordered = {}
        for key, value in config.items():
            if key == "kernel_size":  # Keras lists depth_multiplier just before it
                ordered["depth_multiplier"] = self.depth_multiplier
            ordered[key] = value
        return ordered
