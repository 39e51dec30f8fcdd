"""What the N-D cropping, zero-padding and upsampling layers share: reading
their per-axis amounts and applying them to the spatial axes."""

from kerasish import ops
from kerasish.layers import input_checks
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.layer import Layer
from kerasish.layers.input_spec import InputSpec

_ORDINALS = ("1st", "2nd", "3rd")


def spatial_pairs(value, rank, argument):
    """`value` as one (before, after) pair per spatial axis: an int is used on
    every side; a tuple of `rank` entries gives each axis an int (both sides)
    or a pair. Rank 1 takes an int or a single pair."""
    if rank == 1:
        return (conv_utils.standardize_tuple(value, 2, argument, allow_zero=True),)
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"`{argument}` cannot be negative. Received: {argument}={value}.")
        return ((value, value),) * rank
    forms = (f"`{argument}` should be either an int, a tuple of {rank} ints (a symmetric "
             f"amount per spatial axis), or a tuple of {rank} tuples of 2 ints ((before, after) "
             "per spatial axis).")
    if not hasattr(value, "__len__"):
        raise ValueError(f"{forms} Received: {argument}={value}.")
    if len(value) != rank:
        # Keras's words: its 2-D layers spell the count and name the argument.
        count, received = ("two", f"{argument}={value}") if rank == 2 else (rank, value)
        raise ValueError(
            f"`{argument}` should have {count} elements. Received: {received}. {forms}"
        )
    return tuple(
        conv_utils.standardize_tuple(
            entry, 2, f"{_ORDINALS[index]} entry of {argument}", allow_zero=True)
        for index, entry in enumerate(value)
    )


class BaseSpatialLayer(Layer):
    """A layer that changes the sizes of the `rank` spatial axes of its input."""

    def __init__(self, rank, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.input_spec = InputSpec(ndim=rank + 2)
        self.data_format = conv_utils.standardize_data_format(data_format)

    def _axes(self):
        return conv_utils.spatial_axes(self.rank, self.data_format)

    def compute_output_shape(self, input_shape):
        input_checks.check_ndim(self, input_shape, ndim=self.rank + 2)
        output = list(input_shape)
        for index, axis in enumerate(self._axes()):
            if output[axis] is not None:
                output[axis] = self._new_size(index, output[axis], input_shape)
        return tuple(output)

    def _new_size(self, index, size, input_shape):
        raise NotImplementedError


class BaseCropping(BaseSpatialLayer):
    """Removes `cropping[i]` = (before, after) entries from spatial axis i."""

    def __init__(self, rank, cropping, data_format=None, **kwargs):
        super().__init__(rank, data_format, **kwargs)
        self.cropping = spatial_pairs(cropping, rank, "cropping")

    def _new_size(self, index, size, input_shape):
        size -= sum(self.cropping[index])
        if size <= 0:
            raise ValueError(
                "Values in `cropping` argument should be smaller than the corresponding "
                f"spatial dimension of the input. Received: input_shape={tuple(input_shape)}, "
                f"cropping={self.cropping}"
            )
        return size

    def call(self, inputs):
        self.compute_output_shape(inputs.shape)
        index = [slice(None)] * len(inputs.shape)
        for (before, after), axis in zip(self.cropping, self._axes()):
            index[axis] = slice(before, inputs.shape[axis] - after)
        return inputs[tuple(index)]


class BaseZeroPadding(BaseSpatialLayer):
    """Adds `padding[i]` = (before, after) zeros to spatial axis i."""

    def __init__(self, rank, padding, data_format=None, **kwargs):
        super().__init__(rank, data_format, **kwargs)
        self.padding = spatial_pairs(padding, rank, "padding")

    def _new_size(self, index, size, input_shape):
        return size + sum(self.padding[index])

    def call(self, inputs):
        self.compute_output_shape(inputs.shape)
        widths = [(0, 0)] * len(inputs.shape)
        for pair, axis in zip(self.padding, self._axes()):
            widths[axis] = pair
        return ops.pad(inputs, tuple(widths))


class BaseUpSampling(BaseSpatialLayer):
    """Repeats every entry of spatial axis i `size[i]` times (nearest neighbour)."""

    def __init__(self, rank, size, data_format=None, **kwargs):
        super().__init__(rank, data_format, **kwargs)
        self.size = conv_utils.standardize_tuple(size, rank, "size")

    def _new_size(self, index, size, input_shape):
        return size * self.size[index]

    def call(self, inputs):
        self.compute_output_shape(inputs.shape)
        return repeat_spatial(inputs, self.size, self._axes())


def repeat_spatial(x, factors, axes):
    """Each entry of `x` along `axes[i]` repeated `factors[i]` times: a size-1
    axis after each, broadcast to the factor, then merged."""
    shape = tuple(x.shape)
    expanded, broadcast, merged = [], [], []
    for axis, size in enumerate(shape):
        expanded.append(size)
        broadcast.append(size)
        if axis in axes:
            factor = factors[axes.index(axis)]
            expanded.append(1)
            broadcast.append(factor)
            merged.append(size * factor)
        else:
            merged.append(size)
    x = ops.broadcast_to(ops.reshape(x, tuple(expanded)), tuple(broadcast))
    return ops.reshape(x, tuple(merged))
