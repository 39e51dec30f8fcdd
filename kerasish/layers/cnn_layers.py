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
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    return Concatenate(axis=axis, **kwargs)(inputs)
