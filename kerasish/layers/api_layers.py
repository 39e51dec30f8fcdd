"""The general-purpose layers of Keras's API beyond dense and convolutional
networks (activation layers, cropping, padding, upsampling, regularization,
normalization, `Lambda`, `Dot`...), gathered for `kerasish.layers`."""

from kerasish.layers.activations.elu import ELU
from kerasish.layers.activations.leaky_relu import LeakyReLU
from kerasish.layers.activations.prelu import PReLU
from kerasish.layers.activations.relu import ReLU
from kerasish.layers.activations.softmax import Softmax
from kerasish.layers.core.identity import Identity
from kerasish.layers.core.lambda_layer import Lambda
from kerasish.layers.merging.dot import Dot, dot
from kerasish.layers.normalization.group_normalization import GroupNormalization
from kerasish.layers.normalization.unit_normalization import UnitNormalization
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
)

__all__ = [cls.__name__ for cls in API_LAYERS] + ["dot"]
