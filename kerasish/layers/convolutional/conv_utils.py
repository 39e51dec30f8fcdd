"""Argument validation shared by convolution, pooling and resizing layers."""

from kerasish.utils.argument_validation import (  # noqa: F401  (used through conv_utils)
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)


def spatial_axes(rank, data_format):
    """Indices of the spatial axes in an input of `rank + 2` dimensions."""
    start = 1 if data_format == "channels_last" else 2
    return tuple(range(start, start + rank))


def channel_axis(data_format):
    return -1 if data_format == "channels_last" else 1


def check_output_size(layer, input_shape, output_spatial, window, strides, padding):
    """Raises when a 'valid' window does not fit in the input."""
    if any(size is not None and size <= 0 for size in output_spatial):
        raise ValueError(
            f"Input 0 of layer '{layer.name}' is too small: the computed output size would "
            f"be zero or negative. Received: inputs.shape={tuple(input_shape)}, "
            f"window size={tuple(window)}, strides={tuple(strides)}, padding={padding}"
        )
