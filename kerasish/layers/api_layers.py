"""The general-purpose layers of Keras's API beyond dense and convolutional
networks (activation layers, cropping, padding, upsampling, regularization,
normalization, `Lambda`, `Dot`...), gathered for `kerasish.layers`."""

from kerasish.layers.activations.elu import ELU
from kerasish.layers.activations.leaky_relu import LeakyReLU
from kerasish.layers.activations.prelu import PReLU
from kerasish.layers.activations.relu import ReLU
from kerasish.layers.activations.softmax import Softmax
from kerasish.layers.convolutional.conv3d import Conv3D
from kerasish.layers.convolutional.conv3d_transpose import Conv3DTranspose
from kerasish.layers.convolutional.conv_transpose import Conv1DTranspose
from kerasish.layers.convolutional.depthwise_conv1d import DepthwiseConv1D
from kerasish.layers.convolutional.separable_conv1d import SeparableConv1D
from kerasish.layers.convolutional.separable_conv2d import SeparableConv2D
from kerasish.layers.core.einsum_dense import EinsumDense
from kerasish.layers.core.identity import Identity
from kerasish.layers.core.wrapper import Wrapper
from kerasish.layers.input_spec import InputSpec
from kerasish.layers.core.lambda_layer import Lambda
from kerasish.layers.core.reversible_embedding import ReversibleEmbedding
from kerasish.layers.merging.dot import Dot, dot
from kerasish.layers.normalization.group_normalization import GroupNormalization
from kerasish.layers.normalization.rms_normalization import RMSNormalization
from kerasish.layers.normalization.spectral_normalization import SpectralNormalization
from kerasish.layers.normalization.unit_normalization import UnitNormalization
from kerasish.layers.pooling.adaptive_average_pooling import (
    AdaptiveAveragePooling1D,
    AdaptiveAveragePooling2D,
    AdaptiveAveragePooling3D,
)
from kerasish.layers.pooling.adaptive_max_pooling import (
    AdaptiveMaxPooling1D,
    AdaptiveMaxPooling2D,
    AdaptiveMaxPooling3D,
)
from kerasish.layers.pooling.average_pooling3d import AveragePooling3D
from kerasish.layers.pooling.global_pooling3d import GlobalAveragePooling3D, GlobalMaxPooling3D
from kerasish.layers.pooling.max_pooling3d import MaxPooling3D
from kerasish.layers.regularization.activity_regularization import ActivityRegularization
from kerasish.layers.regularization.alpha_dropout import AlphaDropout
from kerasish.layers.regularization.gaussian_dropout import GaussianDropout
from kerasish.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from kerasish.layers.reshaping.cropping1d import Cropping1D
from kerasish.layers.reshaping.cropping2d import Cropping2D
from kerasish.layers.reshaping.cropping3d import Cropping3D
from kerasish.layers.reshaping.repeat_vector import RepeatVector
from kerasish.layers.reshaping.up_sampling1d import UpSampling1D
from kerasish.layers.reshaping.up_sampling3d import UpSampling3D
from kerasish.layers.reshaping.zero_padding1d import ZeroPadding1D
from kerasish.layers.reshaping.zero_padding3d import ZeroPadding3D

API_LAYERS = (
    ActivityRegularization, AlphaDropout, Cropping1D, Cropping2D, Cropping3D, Dot, ELU,
    GaussianDropout, GroupNormalization, Identity, Lambda, LeakyReLU, PReLU, ReLU, RepeatVector,
    Softmax, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, UnitNormalization,
    UpSampling1D, UpSampling3D, ZeroPadding1D, ZeroPadding3D,
    AdaptiveAveragePooling1D, AdaptiveAveragePooling2D, AdaptiveAveragePooling3D,
    AdaptiveMaxPooling1D, AdaptiveMaxPooling2D, AdaptiveMaxPooling3D, AveragePooling3D,
    Conv3D, DepthwiseConv1D, GlobalAveragePooling3D, GlobalMaxPooling3D, MaxPooling3D,
    SeparableConv1D, SeparableConv2D, RMSNormalization, SpectralNormalization, Wrapper,
    EinsumDense, ReversibleEmbedding, Conv3DTranspose,
)

# Keras's aliases.
Convolution1DTranspose = Conv1DTranspose
Convolution3D = Conv3D
Convolution3DTranspose = Conv3DTranspose
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D
MaxPool3D, AvgPool3D = MaxPooling3D, AveragePooling3D
GlobalAvgPool3D, GlobalMaxPool3D = GlobalAveragePooling3D, GlobalMaxPooling3D
ALIASES = (
    "Convolution1DTranspose", "Convolution3D", "Convolution3DTranspose", "SeparableConvolution1D", "SeparableConvolution2D",
    "MaxPool3D", "AvgPool3D", "GlobalAvgPool3D", "GlobalMaxPool3D",
)

__all__ = [cls.__name__ for cls in API_LAYERS] + ["dot", "InputSpec"] + list(ALIASES)
