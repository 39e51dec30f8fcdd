"""What SeparableConv1D and SeparableConv2D share: a depthwise convolution
followed by a pointwise (1x1) convolution that mixes the channels."""

from kerasish import activations, constraints, initializers, ops, regularizers
from kerasish.layers.convolutional.base_conv import BaseConv
from kerasish.saving.serialization_lib import serialize_keras_object


class BaseSeparableConv(BaseConv):
    """A `rank`-D separable convolution with weights `depthwise_kernel`
    `kernel_size + (in_channels, depth_multiplier)`, `pointwise_kernel`
    `(1,) * rank + (in_channels * depth_multiplier, filters)` and `bias`."""

    def __init__(self, rank, depth_multiplier, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(
            rank=rank, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias, bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            bias_constraint=bias_constraint, **kwargs,
        )
        if filters is None:
            raise ValueError(
                "Invalid value for argument `filters`. Expected a strictly positive value. "
                f"Received filters={filters}."
            )
        if not isinstance(depth_multiplier, int) or depth_multiplier <= 0:
            raise ValueError(
                "Invalid value for argument `depth_multiplier`. Expected a strictly positive "
                f"value. Received depth_multiplier={depth_multiplier}."
            )
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape):
        input_shape = tuple(input_shape)
        self._check_input(input_shape)
        channels = self._input_channels(input_shape)
        if channels is None:
            raise ValueError(
                f"The channel dimension of the inputs to layer '{self.name}' should be "
                f"defined. Found None. Received: input_shape={input_shape}"
            )
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel",
            shape=(1,) * self.rank + (channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        self._remember_channels(channels)
        self.built = True

    def _can_fuse_bias_and_activation(self):
        return False

    def _convolve(self, inputs):
        depthwise = ops.depthwise_conv(inputs, self.depthwise_kernel, **self._conv_arguments())
        return ops.conv(depthwise, self.pointwise_kernel, strides=1, padding="valid",
                        data_format=self.data_format)

    def get_config(self):
        config = super().get_config()
        for key in ("groups", "kernel_initializer", "kernel_regularizer", "kernel_constraint"):
            config.pop(key)
        base_keys = ("name", "trainable", "dtype")
        ordered = {key: config.pop(key) for key in base_keys if key in config}
        ordered["depth_multiplier"] = self.depth_multiplier
        for key in ("filters", "kernel_size", "strides", "padding", "data_format",
                    "dilation_rate"):
            ordered[key] = config.pop(key)
        ordered.update({
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": serialize_keras_object(self.depthwise_initializer),
            "pointwise_initializer": serialize_keras_object(self.pointwise_initializer),
            "bias_initializer": serialize_keras_object(self.bias_initializer),
            "depthwise_regularizer": serialize_keras_object(self.depthwise_regularizer),
            "pointwise_regularizer": serialize_keras_object(self.pointwise_regularizer),
            "bias_regularizer": serialize_keras_object(self.bias_regularizer),
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            "depthwise_constraint": serialize_keras_object(self.depthwise_constraint),
            "pointwise_constraint": serialize_keras_object(self.pointwise_constraint),
            "bias_constraint": serialize_keras_object(self.bias_constraint),
        })
        return ordered


_SPATIAL_AXES = {1: "steps", 2: "height, width"}


def separable_conv_doc(rank, shape, sizes, example):
    """The docstring of SeparableConv{rank}D."""
    axes = _SPATIAL_AXES[rank]
    new_axes = ", ".join(f"new_{axis}" for axis in axes.split(", "))
    return f"""Separable {rank}-D convolution of `{shape}` inputs: each
    input channel is convolved with `depth_multiplier` filters of its own (a
    depthwise convolution), then a 1x1 convolution mixes the channels into
    `filters` outputs; then the bias and the activation.

    It has far fewer weights than a full convolution with the same window.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: the window size, {sizes}.
        strides: the step between windows, {sizes}.
        padding: `"valid"` (no padding) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: the spacing between the window's taps, {sizes}.
        depth_multiplier: the number of depthwise filters per input channel
            (default 1).
        activation: the activation applied last (name or callable), or None.
        use_bias: whether to add a bias of shape `(filters,)`.
        depthwise_initializer: initializer of `depthwise_kernel`.
        pointwise_initializer: initializer of `pointwise_kernel`.
        bias_initializer: initializer of the bias (default `"zeros"`).
        depthwise_regularizer: regularizer of `depthwise_kernel`, or None.
        pointwise_regularizer: regularizer of `pointwise_kernel`, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        depthwise_constraint: constraint of `depthwise_kernel`, or None.
        pointwise_constraint: constraint of `pointwise_kernel`, or None.
        bias_constraint: constraint of the bias, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A {rank + 2}-D array: `(batch_size, {axes}, channels)` with
        `data_format="channels_last"` (the default), `(batch_size, channels,
        {axes})` with `"channels_first"`.

    Output shape:
        A {rank + 2}-D array: `(batch_size, {new_axes}, filters)` with
        `"channels_last"`, `(batch_size, filters, {new_axes})` with
        `"channels_first"`. Each spatial size `n` becomes
        `ceil((n - dilation_rate * (kernel_size - 1)) / strides)` with
        `padding="valid"` and `ceil(n / strides)` with `"same"`.

    Raises:
        ValueError: if `filters`, `depth_multiplier` or another argument is
            invalid; when called, if the input has the wrong rank, unknown
            channels, or is smaller than the window.

    Examples:
{example}
    """
