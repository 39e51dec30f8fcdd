"""What Conv1D/Conv2D, their transposes and DepthwiseConv2D share:
argument validation, the bias, the activation and the config."""

from kerasish import activations, constraints, initializers, ops, regularizers
from kerasish.layers import input_checks
from kerasish.ops.conv import _conv as conv_with_bias_and_relu
from kerasish.ops.conv import _conv_output_shape
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.input_spec import InputSpec
from kerasish.layers.layer import Layer
from kerasish.saving.serialization_lib import serialize_keras_object


def _check_filters(filters, groups):
    """`filters` must be a positive int that `groups` divides; the checks run
    in Keras's order, so 2.5 filters (or 1.5 groups) is reported as not
    divisible, and a string is a TypeError (Keras fails comparing it)."""
    if filters is None:
        return
    number = isinstance(filters, (int, float)) and not isinstance(filters, bool)
    if not number or filters <= 0:
        raise (ValueError if number else TypeError)(
            "Invalid value for argument `filters`. Expected a strictly positive value. "
            f"Received filters={filters}."
        )
    divisor = groups if isinstance(groups, (int, float)) and groups else 1  # Keras: `groups or 1`
    if filters % divisor != 0 or not isinstance(filters, int):
        raise ValueError(
            "The number of filters must be evenly divisible by the number of groups. "
            f"Received: groups={groups}, filters={filters}."
        )


class BaseConv(Layer):
    """A `rank`-D convolution layer. Subclasses set `kernel_name_prefix`
    ("kernel" or "depthwise") for the names of their kernel arguments and
    implement `_kernel_shape`, `_convolve` and `_output_spatial`."""

    kernel_name_prefix = "kernel"

    def __init__(
        self,
        rank,
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
        allow_causal=False,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = filters
        self.kernel_size = conv_utils.standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = conv_utils.standardize_tuple(strides, rank, "strides")
        self.dilation_rate = conv_utils.standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = conv_utils.standardize_padding(padding, allow_causal)
        self.data_format = conv_utils.standardize_data_format(data_format)
        _check_filters(filters, groups)
        if not isinstance(groups, int) or groups <= 0:
            raise ValueError(
                f"The number of groups must be a positive integer. Received: groups={groups}."
            )
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}"
            )
        self.groups = groups
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)

    def _remember_channels(self, channels):
        """Once built, inputs must keep the channel count, as Keras's input_spec says."""
        self._built_channels = channels
        axis = conv_utils.channel_axis(self.data_format)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={axis: channels})

    # ---------------------------------------------------------------- shapes
    def _input_channels(self, input_shape):
        return input_shape[conv_utils.channel_axis(self.data_format)]

    def _check_input(self, input_shape):
        input_checks.check_ndim(self, input_shape, ndim=self.rank + 2)
        if self.built:
            input_checks.check_axis(
                self, input_shape, conv_utils.channel_axis(self.data_format),
                self._built_channels,
            )

    def _spatial(self, shape):
        return [shape[a] for a in conv_utils.spatial_axes(self.rank, self.data_format)]

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        self._check_input(input_shape)
        spatial = self._output_spatial(self._spatial(input_shape))
        conv_utils.check_output_size(
            self, input_shape, spatial, self.kernel_size, self.strides, self.padding
        )
        channels = self._output_channels(input_shape)
        if self.data_format == "channels_last":
            return (input_shape[0],) + tuple(spatial) + (channels,)
        return (input_shape[0], channels) + tuple(spatial)

    def _output_channels(self, input_shape):
        return self.filters

    def _output_spatial(self, spatial):
        return _conv_output_shape(
            spatial, self.kernel_size, self.strides, self.padding, self.dilation_rate
        )

    # ----------------------------------------------------------------- build
    def build(self, input_shape):
        input_shape = tuple(input_shape)
        input_checks.check_ndim(self, input_shape, ndim=self.rank + 2)
        channels = self._input_channels(input_shape)
        if channels is None:
            raise ValueError(
                f"The channel dimension of the inputs to layer '{self.name}' should be "
                f"defined. Found None. Received: input_shape={input_shape}"
            )
        if channels % self.groups != 0:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of "
                f"groups. Received groups={self.groups}, but the input has {channels} "
                f"channels (full input shape is {input_shape})."
            )
        self.kernel = self.add_weight(
            name="kernel",
            shape=self._kernel_shape(channels),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self._output_channels(input_shape),),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self._remember_channels(channels)
        self.built = True

    def _kernel_shape(self, channels):
        return self.kernel_size + (channels // self.groups, self.filters)

    # ------------------------------------------------------------------ call
    def call(self, inputs):
        self.compute_output_shape(inputs.shape)
        if self._can_fuse_bias_and_activation():
            # One graph node for convolution, bias and relu/linear activation.
            return conv_with_bias_and_relu(
                inputs, self.kernel, **self._conv_arguments(), bias=self.bias,
                relu=self.activation is activations.relu,
            )
        outputs = self._convolve(inputs)
        if self.bias is not None:
            if self.data_format == "channels_last":
                bias = self.bias
            else:
                bias = ops.reshape(self.bias, (-1,) + (1,) * self.rank)
            outputs = ops.add(outputs, bias)
        return self.activation(outputs)

    def _can_fuse_bias_and_activation(self):
        return (
            type(self)._convolve is BaseConv._convolve
            and self.data_format == "channels_last"
            and self.activation in (activations.relu, activations.linear)
        )

    def _convolve(self, inputs):
        return ops.conv(inputs, self.kernel, **self._conv_arguments())

    def _conv_arguments(self, padding=None):
        return {
            "strides": self.strides,
            "padding": padding or self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
        }

    # ---------------------------------------------------------------- config
    def get_config(self):
        config = super().get_config()
        prefix = self.kernel_name_prefix
        config.update(
            {
                "filters": self.filters,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "groups": self.groups,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                f"{prefix}_initializer": serialize_keras_object(self.kernel_initializer),
                "bias_initializer": serialize_keras_object(self.bias_initializer),
                f"{prefix}_regularizer": serialize_keras_object(self.kernel_regularizer),
                "bias_regularizer": serialize_keras_object(self.bias_regularizer),
                "activity_regularizer": serialize_keras_object(self.activity_regularizer),
                f"{prefix}_constraint": serialize_keras_object(self.kernel_constraint),
                "bias_constraint": serialize_keras_object(self.bias_constraint),
            }
        )
        return config
