from kerasish import ops
from kerasish.ops.conv import _conv_transpose_output_length
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.convolutional.base_conv import BaseConv


class BaseConvTranspose(BaseConv):
    """A transposed convolution ("deconvolution"): the gradient of a
    convolution with respect to its input, used to upsample. The kernel is
    (*kernel_size, filters, in_channels), as in Keras."""

    def __init__(self, rank, filters, kernel_size, strides, padding, output_padding,
                 data_format, dilation_rate, **kwargs):
        super().__init__(
            rank=rank,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            **kwargs,
        )
        if output_padding is not None:
            output_padding = conv_utils.standardize_tuple(
                output_padding, rank, "output_padding", allow_zero=True
            )
            for stride, extra in zip(self.strides, output_padding):
                if extra >= stride:
                    raise ValueError(
                        "Strides must be greater than output padding. "
                        f"Received strides={self.strides}, output_padding={output_padding}."
                    )
        self.output_padding = output_padding

    def _kernel_shape(self, channels):
        return self.kernel_size + (self.filters, channels)

    def _output_spatial(self, spatial):
        extras = self.output_padding or (None,) * self.rank
        return tuple(
            _conv_transpose_output_length(length, k, s, self.padding, extra, d)
            for length, k, s, extra, d in zip(
                spatial, self.kernel_size, self.strides, extras, self.dilation_rate
            )
        )

    def _convolve(self, inputs):
        return ops.conv_transpose(
            inputs, self.kernel, output_padding=self.output_padding, **self._conv_arguments()
        )

    def get_config(self):
        config = super().get_config()
        del config["groups"]
        ordered = {}
        for key, value in config.items():
            ordered[key] = value
            if key == "padding":
                ordered["output_padding"] = self.output_padding
        return ordered


def _transpose_layer(rank, name, doc):
    defaults = {1: (1, 1), 2: ((1, 1), (1, 1))}[rank]

    def __init__(
        self,
        filters,
        kernel_size,
        strides=defaults[0],
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=defaults[1],
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
        BaseConvTranspose.__init__(
            self,
            rank=rank,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )

    return type(name, (BaseConvTranspose,), {"__init__": __init__, "__doc__": doc,
                                             "__module__": __name__})


Conv1DTranspose = _transpose_layer(
    1, "Conv1DTranspose", "Transposed 1-D convolution; kernel (k, filters, in_channels)."
)
Conv2DTranspose = _transpose_layer(
    2, "Conv2DTranspose", "Transposed 2-D convolution; kernel (kh, kw, filters, in_channels)."
)
