"""The layers of convolutional networks and of the functional API, gathered
for `kerasish.layers`, with Keras's functional shortcuts (`add`, `concatenate`, ...)."""

from kerasish.layers.convolutional.conv1d import Conv1D
from kerasish.layers.convolutional.conv2d import Conv2D
from kerasish.layers.convolutional.conv_transpose import Conv1DTranspose, Conv2DTranspose
from kerasish.layers.convolutional.depthwise_conv2d import DepthwiseConv2D
from kerasish.layers.core.embedding import Embedding
from kerasish.layers.merging.base_merge import Add, Average, Maximum, Minimum, Multiply, Subtract
from kerasish.layers.merging.concatenate import Concatenate
from kerasish.layers.normalization.batch_normalization import BatchNormalization
from kerasish.layers.normalization.layer_normalization import LayerNormalization
from kerasish.layers.pooling.base_pooling import (
    AveragePooling1D,
    AveragePooling2D,
    MaxPooling1D,
    MaxPooling2D,
)
from kerasish.layers.pooling.global_pooling import (
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
)
from kerasish.layers.reshaping.permute import Permute
from kerasish.layers.reshaping.reshape import Reshape
from kerasish.layers.reshaping.up_sampling2d import UpSampling2D
from kerasish.layers.reshaping.zero_padding2d import ZeroPadding2D

CNN_LAYERS = (
    Add, Average, AveragePooling1D, AveragePooling2D, BatchNormalization, Concatenate,
    Conv1D, Conv1DTranspose, Conv2D, Conv2DTranspose, DepthwiseConv2D, Embedding,
    GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
    LayerNormalization, Maximum, MaxPooling1D, MaxPooling2D, Minimum, Multiply, Permute,
    Reshape, Subtract, UpSampling2D, ZeroPadding2D,
)

# Keras's aliases.
Convolution1D, Convolution2D = Conv1D, Conv2D
Convolution2DTranspose = Conv2DTranspose
MaxPool1D, MaxPool2D, AvgPool1D, AvgPool2D = MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D


def add(inputs, **kwargs):
    """Adds a list of inputs elementwise: the same as `Add(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Add`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).

    Examples:
        >>> inputs = keras.Input(shape=(4,))
        >>> residual = keras.layers.add([inputs, keras.layers.Dense(4)(inputs)])
        >>> residual.shape
        (None, 4)
    """
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """Subtracts the second of two inputs from the first: the same as `Subtract(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Subtract`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).
    """
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Multiplies a list of inputs elementwise: the same as `Multiply(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Multiply`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).
    """
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Averages a list of inputs elementwise: the same as `Average(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Average`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).
    """
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """Takes the elementwise maximum of a list of inputs: the same as `Maximum(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Maximum`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).
    """
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """Takes the elementwise minimum of a list of inputs: the same as `Minimum(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Minimum`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).
    """
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """Joins a list of inputs along `axis`: the same as `Concatenate(axis)(inputs)`.

    Args:
        inputs: a list of tensors or arrays whose shapes match except along `axis`.
        axis: the axis to join along (default -1).
        **kwargs: `Concatenate`'s other keyword arguments, such as `name`.

    Returns:
        The joined tensor (a KerasTensor for symbolic inputs).

    Examples:
        >>> a, b = keras.Input(shape=(2,)), keras.Input(shape=(3,))
        >>> keras.layers.concatenate([a, b]).shape
        (None, 5)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
