from kerasish import ops
from kerasish.layers.convolutional.base_conv import BaseConv


class Conv1D(BaseConv):
    """1-D convolution over (batch, steps, channels); padding may also be
    'causal' (output t sees only inputs up to t)."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            rank=1,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            groups=groups,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            allow_causal=True,
            **kwargs,
        )

    def _convolve(self, inputs):
        if self.padding != "causal":
            return super()._convolve(inputs)
        # Causal: pad only on the left, so output t sees inputs up to t.
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        widths = [(0, 0), (left, 0), (0, 0)]
        if self.data_format == "channels_first":
            widths = [(0, 0), (0, 0), (left, 0)]
        padded = ops.pad(inputs, widths)
        return ops.conv(padded, self.kernel, **self._conv_arguments(padding="valid"))
