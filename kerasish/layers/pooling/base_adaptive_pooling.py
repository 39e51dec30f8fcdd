"""Adaptive pooling: pools into a fixed output size whatever the input size."""

import math

from kerasish import ops
from kerasish.layers import input_checks
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.layer import Layer


def adaptive_bins(length, output_length):
    """(start, end) of each output position's window along one axis: output i
    pools inputs floor(i * L / n) up to ceil((i + 1) * L / n)."""
    return [(math.floor(i * length / output_length), math.ceil((i + 1) * length / output_length))
            for i in range(output_length)]


def adaptive_pool(x, output_size, axes, reduce_function):
    """Max and average over rectangular bins are separable: reduce one
    spatial axis at a time."""
    for axis, output_length in zip(axes, output_size):
        pieces = []
        for start, end in adaptive_bins(x.shape[axis], output_length):
            index = [slice(None)] * len(x.shape)
            index[axis] = slice(start, end)
            pieces.append(reduce_function(x[tuple(index)], axis=axis, keepdims=True))
        x = ops.concatenate(pieces, axis=axis)
    return x


def _output_size_tuple(output_size, rank):
    """`output_size` as a tuple of `rank` sizes, refused in Keras's words (a
    1-D layer given a tuple of another length gets a ValueError, as there)."""
    expected = {1: "tuple of 1 integer", 2: "(height, width) tuple",
                3: "(depth, height, width) tuple"}
    if isinstance(output_size, int) and not isinstance(output_size, bool):
        return (output_size,) * rank
    if isinstance(output_size, (tuple, list)):
        if len(output_size) == rank:
            return tuple(output_size)
        if rank == 1:
            raise ValueError(
                f"For 1D input, `output_size` tuple must have length 1. Received: {output_size}"
            )
    raise TypeError(
        f"`output_size` must be an integer or {expected[rank]}. "
        f"Received: {output_size} of type {type(output_size)}"
    )


class BaseAdaptivePooling(Layer):
    """Pools the `rank` spatial axes into `output_size` positions."""

    built_at_init = True  # as in Keras: no build_config

    reduce_function = None  # ops.mean or ops.max, set by subclasses

    def __init__(self, rank, output_size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.output_size = _output_size_tuple(output_size, rank)
        if data_format not in (None, "channels_first", "channels_last"):
            raise ValueError(
                f"Invalid data_format: {data_format}. "
                "Expected 'channels_first' or 'channels_last'."
            )
        self.data_format = conv_utils.standardize_data_format(data_format)
        self.built = True

    def _axes(self):
        return conv_utils.spatial_axes(self.rank, self.data_format)

    def compute_output_shape(self, input_shape):
        input_checks.check_ndim(self, input_shape, ndim=self.rank + 2)
        output = list(input_shape)
        for axis, size in zip(self._axes(), self.output_size):
            output[axis] = size
        return tuple(output)

    def call(self, inputs):
        self.compute_output_shape(inputs.shape)
        return adaptive_pool(inputs, self.output_size, self._axes(), type(self).reduce_function)

    def get_config(self):
        config = super().get_config()
        config.update({"output_size": self.output_size, "data_format": self.data_format})
        return config


_SHAPES = {1: "(batch, steps, channels)", 2: "(batch, height, width, channels)",
           3: "(batch, depth, height, width, channels)"}
_SPATIAL_AXES = {1: "steps", 2: "height, width", 3: "depth, height, width"}
_OUTPUT_AXES = {1: "output_size", 2: "out_height, out_width", 3: "out_depth, out_height, out_width"}


# (input shape, output_size, model output shape) for the model line of each example.
_MODEL_EXAMPLES = {1: ("(32, 8)", "4", "(None, 4, 8)"), 2: ("(30, 20, 3)", "(6, 4)", "(None, 6, 4, 3)"),
                   3: ("(8, 8, 8, 2)", "2", "(None, 2, 2, 2, 2)")}


def adaptive_pooling_class(kind, rank, reduce_function, example):
    """The class `Adaptive{Kind}Pooling{rank}D`: `kind` is "Average" or
    "Max", `example` its doctest lines (input, call, result)."""

    def __init__(self, output_size, data_format=None, **kwargs):
        BaseAdaptivePooling.__init__(self, rank, output_size, data_format, **kwargs)

    x, call, result = example
    name = f"Adaptive{kind}Pooling{rank}D"
    model_example = _MODEL_EXAMPLES[rank]
    doc = f"""Pools `{_SHAPES[rank]}` inputs into `output_size` positions per
    spatial axis, whatever the input size: output position i of an axis of
    length L takes the {kind.lower()} of inputs `floor(i * L / n)` to
    `ceil((i + 1) * L / n)`.

    Args:
        output_size: the output size, an int (every spatial axis) or a tuple
            of {rank} ints.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A {rank + 2}-D array: `(batch_size, {_SPATIAL_AXES[rank]}, channels)` with
        `data_format="channels_last"` (the default), `(batch_size, channels,
        {_SPATIAL_AXES[rank]})` with `"channels_first"`.

    Output shape:
        `(batch_size, {_OUTPUT_AXES[rank]}, channels)` with `"channels_last"`,
        `(batch_size, channels, {_OUTPUT_AXES[rank]})` with
        `"channels_first"`, the sizes being those of `output_size`.

    Raises:
        TypeError: if `output_size` is not an int or a tuple of {rank} ints.
        ValueError: if `data_format` is invalid or a 1-D layer's
            `output_size` is a tuple of another length; when called, if the
            input has the wrong rank.

    Examples:
        >>> x = {x}
        >>> {call}
        {result}
        >>> layer = keras.layers.{name}({model_example[1]})
        >>> keras.Sequential([keras.Input(shape={model_example[0]}), layer]).output_shape
        {model_example[2]}
    """
    cls = type(name, (BaseAdaptivePooling,), {
        "__init__": __init__, "__doc__": doc, "reduce_function": staticmethod(reduce_function)})
    cls.__module__ = f"kerasish.layers.pooling.adaptive_{kind.lower()}_pooling"
    # Named as the class's own method, so the API reference (which reads the
    # imported class) shows the signature instead of a factory's local function.
    __init__.__module__, __init__.__qualname__ = cls.__module__, f"{name}.__init__"
    return cls
