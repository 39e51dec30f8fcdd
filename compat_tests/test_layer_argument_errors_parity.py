"""Layers refuse invalid constructor arguments as Keras does: for each
(layer, bad arguments) case below, Keras raises at construction and kerasish
raises the same exception type, with a message that holds Keras's (kerasish
may add to its end), or, where the wording differs on purpose, the phrases
listed in WORDING_DIFFERS.

The cases cover the core, convolution, pooling, normalization, regularization,
merging, reshaping and activation layers: each argument check in their Keras
`__init__`s and in the shared tuple/padding/data_format helpers. A new case
is one row of CASES.
"""

import re
import warnings

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras

# Stands for `m.layers.Dense(2)` (a layer to wrap), built in each library.
WRAPPED_DENSE = "wrapped Dense"

# (case name, layer class name, positional arguments, keyword arguments)
CASES = [
    # core
    ("Dense units zero", "Dense", (0,), {}),
    ("Dense units float", "Dense", (2.5,), {}),
    ("Dense units None", "Dense", (None,), {}),
    ("Lambda not callable", "Lambda", (3,), {}),
    ("InputLayer sparse and ragged", "InputLayer",
     (), {"shape": (2,), "sparse": True, "ragged": True}),
    ("InputLayer both shapes", "InputLayer", (), {"shape": (2,), "batch_shape": (None, 2)}),
    ("Dense units string", "Dense", ("3",), {}),
    ("Dense units numpy int", "Dense", (np.int64(3),), {}),
    # convolution
    ("Conv2D filters zero", "Conv2D", (0, 3), {}),
    ("Conv2D filters negative", "Conv2D", (-1, 3), {}),
    ("Conv2D filters float", "Conv2D", (2.5, 3), {}),
    ("Conv2D kernel_size zero", "Conv2D", (2, 0), {}),
    ("Conv2D kernel_size wrong length", "Conv2D", (2, (3, 3, 3)), {}),
    ("Conv2D kernel_size string", "Conv2D", (2, "3"), {}),
    ("Conv2D strides zero", "Conv2D", (2, 3), {"strides": 0}),
    ("Conv2D strides negative", "Conv2D", (2, 3), {"strides": -1}),
    ("Conv2D dilation zero", "Conv2D", (2, 3), {"dilation_rate": 0}),
    ("Conv2D bad padding", "Conv2D", (2, 3), {"padding": "full"}),
    ("Conv2D causal padding", "Conv2D", (2, 3), {"padding": "causal"}),
    ("Conv2D bad data_format", "Conv2D", (2, 3), {"data_format": "channels_middle"}),
    ("Conv2D groups zero", "Conv2D", (2, 3), {"groups": 0}),
    ("Conv2D filters not divisible by groups", "Conv2D", (5, 3), {"groups": 2}),
    ("Conv2D strides and dilation", "Conv2D", (2, 3), {"strides": 2, "dilation_rate": 2}),
    ("Conv1D filters zero", "Conv1D", (0, 3), {}),
    ("Conv1D bad padding", "Conv1D", (2, 3), {"padding": "full"}),
    ("Conv3D kernel_size zero", "Conv3D", (2, 0), {}),
    ("Conv2DTranspose filters zero", "Conv2DTranspose", (0, 3), {}),
    ("Conv2DTranspose output_padding too large", "Conv2DTranspose",
     (2, 3), {"strides": 2, "output_padding": 2}),
    ("Conv2DTranspose output_padding wrong length", "Conv2DTranspose",
     (2, 3), {"output_padding": (1, 1, 1)}),
    ("Conv2DTranspose strides zero", "Conv2DTranspose", (2, 3), {"strides": 0}),
    ("Conv2DTranspose bad padding", "Conv2DTranspose", (2, 3), {"padding": "causal"}),
    ("Conv1DTranspose kernel zero", "Conv1DTranspose", (2, 0), {}),
    ("Conv3DTranspose filters zero", "Conv3DTranspose", (0, 3), {}),
    ("DepthwiseConv2D depth_multiplier zero", "DepthwiseConv2D", (3,), {"depth_multiplier": 0}),
    ("DepthwiseConv2D kernel zero", "DepthwiseConv2D", (0,), {}),
    ("DepthwiseConv2D strides zero", "DepthwiseConv2D", (3,), {"strides": 0}),
    ("DepthwiseConv1D depth_multiplier negative", "DepthwiseConv1D",
     (3,), {"depth_multiplier": -1}),
    ("SeparableConv2D filters zero", "SeparableConv2D", (0, 3), {}),
    ("SeparableConv2D depth_multiplier zero", "SeparableConv2D", (2, 3), {"depth_multiplier": 0}),
    ("SeparableConv1D kernel zero", "SeparableConv1D", (2, 0), {}),
    ("Conv2D groups negative", "Conv2D", (2, 3), {"groups": -1}),
    ("Conv2D groups float", "Conv2D", (2, 3), {"groups": 1.5}),
    ("Conv2D groups zero", "Conv2D", (2, 3), {"groups": 0}),
    ("Conv2D filters string", "Conv2D", ("2", 3), {}),
    ("Conv2D dilation wrong length", "Conv2D", (2, 3), {"dilation_rate": (1, 1, 1)}),
    ("Conv2D kernel float", "Conv2D", (2, 2.5), {}),
    ("Conv2DTranspose output_padding negative", "Conv2DTranspose", (2, 3), {"output_padding": -1}),
    ("Conv2DTranspose strides and dilation", "Conv2DTranspose",
     (2, 3), {"strides": 2, "dilation_rate": 2}),
    ("Conv3DTranspose output_padding too large", "Conv3DTranspose",
     (2, 3), {"strides": 1, "output_padding": 1}),
    # pooling
    ("MaxPooling2D pool_size zero", "MaxPooling2D", (0,), {}),
    ("MaxPooling2D bad data_format", "MaxPooling2D", (2,), {"data_format": "nhwc"}),
    ("MaxPooling1D pool_size wrong length", "MaxPooling1D", ((2, 2),), {}),
    ("AveragePooling1D pool_size zero", "AveragePooling1D", (0,), {}),
    ("AveragePooling3D strides negative", "AveragePooling3D", (2,), {"strides": -1}),
    ("GlobalAveragePooling2D bad data_format", "GlobalAveragePooling2D",
     (), {"data_format": "nhwc"}),
    ("GlobalMaxPooling1D bad data_format", "GlobalMaxPooling1D", (), {"data_format": "nhwc"}),
    ("AdaptiveAveragePooling1D wrong length", "AdaptiveAveragePooling1D", ((2, 2),), {}),
    ("AdaptiveAveragePooling2D string size", "AdaptiveAveragePooling2D", ("a",), {}),
    ("AdaptiveMaxPooling2D bad data_format", "AdaptiveMaxPooling2D", (2,), {"data_format": "nhwc"}),
    ("AdaptiveMaxPooling3D wrong length", "AdaptiveMaxPooling3D", ((2, 2),), {}),
    ("MaxPooling1D pool_size float", "MaxPooling1D", (2.5,), {}),
    ("AveragePooling2D pool_size wrong length", "AveragePooling2D", ((2, 2, 2),), {}),
    ("MaxPooling2D strides wrong length", "MaxPooling2D", (2,), {"strides": (1, 1, 1)}),
    ("GlobalAveragePooling3D bad data_format", "GlobalAveragePooling3D", (), {"data_format": "x"}),
    ("AdaptiveAveragePooling3D float size", "AdaptiveAveragePooling3D", (2.5,), {}),
    ("AdaptiveMaxPooling1D string", "AdaptiveMaxPooling1D", ("a",), {}),
    # normalization
    ("BatchNormalization axis string", "BatchNormalization", (), {"axis": "a"}),
    ("BatchNormalization bad renorm_clipping key", "BatchNormalization",
     (), {"renorm": True, "renorm_clipping": {"rmaxx": 1}}),
    ("BatchNormalization rmax below rmin", "BatchNormalization",
     (), {"renorm": True, "renorm_clipping": {"rmax": 1, "rmin": 2}}),
    ("BatchNormalization negative dmax", "BatchNormalization",
     (), {"renorm": True, "renorm_clipping": {"dmax": -1}}),
    ("GroupNormalization groups zero", "GroupNormalization", (), {"groups": 0}),
    ("GroupNormalization groups float", "GroupNormalization", (), {"groups": 2.5}),
    ("LayerNormalization axis string", "LayerNormalization", (), {"axis": "a"}),
    ("UnitNormalization axis string", "UnitNormalization", (), {"axis": "a"}),
    ("SpectralNormalization power_iterations zero", "SpectralNormalization",
     (WRAPPED_DENSE,), {"power_iterations": 0}),
    ("GroupNormalization groups -2", "GroupNormalization", (), {"groups": -2}),
    ("UnitNormalization axis float", "UnitNormalization", (), {"axis": 1.5}),
    ("LayerNormalization axis float", "LayerNormalization", (), {"axis": 1.5}),
    ("SpectralNormalization power_iterations negative", "SpectralNormalization",
     (WRAPPED_DENSE,), {"power_iterations": -1}),
    ("SpectralNormalization wraps a non-layer", "SpectralNormalization", ("a",), {}),
    # regularization
    ("Dropout rate above 1", "Dropout", (1.5,), {}),
    ("Dropout rate negative", "Dropout", (-0.1,), {}),
    ("Dropout rate string", "Dropout", ("a",), {}),
    ("Dropout noise_shape string", "Dropout", (0.5,), {"noise_shape": "a"}),
    ("Dropout noise_shape float entry", "Dropout", (0.5,), {"noise_shape": (None, 2.5)}),
    ("Dropout noise_shape zero entry", "Dropout", (0.5,), {"noise_shape": (None, 0)}),
    ("AlphaDropout rate above 1", "AlphaDropout", (1.5,), {}),
    ("GaussianDropout rate above 1", "GaussianDropout", (1.5,), {}),
    ("GaussianDropout rate negative", "GaussianDropout", (-1,), {}),
    ("GaussianNoise stddev negative", "GaussianNoise", (-0.1,), {}),
    ("GaussianNoise stddev above 1", "GaussianNoise", (1.5,), {}),
    ("SpatialDropout1D rate above 1", "SpatialDropout1D", (1.5,), {}),
    ("SpatialDropout2D rate negative", "SpatialDropout2D", (-0.5,), {}),
    ("SpatialDropout2D bad data_format", "SpatialDropout2D", (0.5,), {"data_format": "nhwc"}),
    ("SpatialDropout3D rate above 1", "SpatialDropout3D", (2.0,), {}),
    ("ActivityRegularization l1 string", "ActivityRegularization", (), {"l1": "a"}),
    ("Dropout noise_shape negative entry", "Dropout", (0.5,), {"noise_shape": (None, -1)}),
    ("Dropout noise_shape int", "Dropout", (0.5,), {"noise_shape": 3}),
    ("AlphaDropout rate string", "AlphaDropout", ("a",), {}),
    ("GaussianNoise stddev string", "GaussianNoise", ("a",), {}),
    ("SpatialDropout1D rate string", "SpatialDropout1D", ("a",), {}),
    ("ActivityRegularization l2 negative", "ActivityRegularization", (), {"l2": -1.0}),
    ("ActivityRegularization l1 inf", "ActivityRegularization", (), {"l1": float("inf")}),
    # merging
    ("Dot axes string", "Dot", ("a",), {}),
    ("Dot axes three", "Dot", ([1, 2, 3],), {}),
    ("Dot axes float", "Dot", (1.5,), {}),
    ("Dot axes pair of strings", "Dot", (("a", "b"),), {}),
    ("Dot axes None", "Dot", (None,), {}),
    # reshaping
    ("Cropping1D three values", "Cropping1D", ((1, 2, 3),), {}),
    ("Cropping1D negative", "Cropping1D", (-1,), {}),
    ("Cropping2D negative int", "Cropping2D", (-1,), {}),
    ("Cropping2D three entries", "Cropping2D", ((1, 2, 3),), {}),
    ("Cropping2D string", "Cropping2D", ("a",), {}),
    ("Cropping2D negative pair", "Cropping2D", (((1, -1), (1, 1)),), {}),
    ("Cropping2D bad data_format", "Cropping2D", (1,), {"data_format": "nhwc"}),
    ("Cropping3D negative int", "Cropping3D", (-1,), {}),
    ("Cropping3D two entries", "Cropping3D", ((1, 1),), {}),
    ("Cropping3D string", "Cropping3D", ("a",), {}),
    ("ZeroPadding1D three values", "ZeroPadding1D", ((1, 2, 3),), {}),
    ("ZeroPadding1D negative", "ZeroPadding1D", (-1,), {}),
    ("ZeroPadding2D three entries", "ZeroPadding2D", ((1, 2, 3),), {}),
    ("ZeroPadding2D string", "ZeroPadding2D", ("a",), {}),
    ("ZeroPadding2D bad data_format", "ZeroPadding2D", (1,), {"data_format": "nhwc"}),
    ("ZeroPadding3D two entries", "ZeroPadding3D", ((1, 1),), {}),
    ("ZeroPadding3D string", "ZeroPadding3D", ("a",), {}),
    ("UpSampling1D size zero", "UpSampling1D", (0,), {}),
    ("UpSampling1D size float", "UpSampling1D", (2.5,), {}),
    ("UpSampling2D size zero", "UpSampling2D", (0,), {}),
    ("UpSampling2D bad data_format", "UpSampling2D", (2,), {"data_format": "nhwc"}),
    ("UpSampling3D size wrong length", "UpSampling3D", ((2, 2),), {}),
    ("UpSampling3D bad data_format", "UpSampling3D", (2,), {"data_format": "nhwc"}),
    ("Permute not a permutation", "Permute", ((1, 1),), {}),
    ("Permute counts from zero", "Permute", ((0, 1),), {}),
    ("RepeatVector n float", "RepeatVector", (2.5,), {}),
    ("RepeatVector n zero", "RepeatVector", (0,), {}),
    ("Reshape two unknowns", "Reshape", ((-1, -1),), {}),
    ("Flatten bad data_format", "Flatten", (), {"data_format": "nhwc"}),
    ("Permute dims string", "Permute", ("ab",), {}),
    ("Permute dims skipping", "Permute", ((1, 3),), {}),
    ("Permute dims int", "Permute", (1,), {}),
    ("Cropping1D float", "Cropping1D", (1.5,), {}),
    ("Cropping2D float", "Cropping2D", (1.5,), {}),
    ("Cropping3D float", "Cropping3D", (1.5,), {}),
    ("Cropping3D negative entry", "Cropping3D", (((1, -1), 1, 1),), {}),
    ("ZeroPadding1D three", "ZeroPadding1D", ((1, 2, 3),), {}),
    ("ZeroPadding2D float", "ZeroPadding2D", (1.5,), {}),
    ("ZeroPadding3D float", "ZeroPadding3D", (1.5,), {}),
    ("ZeroPadding3D negative entry", "ZeroPadding3D", (((1, -1), 1, 1),), {}),
    ("UpSampling2D size float", "UpSampling2D", (2.5,), {}),
    ("UpSampling3D size zero", "UpSampling3D", (0,), {}),
    ("UpSampling1D size bool", "UpSampling1D", (True,), {}),
    ("RepeatVector n negative", "RepeatVector", (-2,), {}),
    ("Reshape negative entry", "Reshape", ((-2, 2),), {}),
    ("Reshape int", "Reshape", (4,), {}),
    ("Flatten data_format int", "Flatten", (), {"data_format": 3}),
    # activations
    ("LeakyReLU negative slope", "LeakyReLU", (), {"negative_slope": -1}),
    ("LeakyReLU slope None", "LeakyReLU", (), {"negative_slope": None}),
    ("ReLU negative max_value", "ReLU", (), {"max_value": -1}),
    ("ReLU negative slope", "ReLU", (), {"negative_slope": -0.5}),
    ("ReLU negative threshold", "ReLU", (), {"threshold": -1}),
    ("ReLU threshold None", "ReLU", (), {"threshold": None}),
    ("LeakyReLU slope string", "LeakyReLU", (), {"negative_slope": "a"}),
    ("ReLU max_value string", "ReLU", (), {"max_value": "a"}),
    ("Activation int", "Activation", (3,), {}),
]

# Cases whose message differs from Keras's, with why, and the phrases
# kerasish's message must hold (what was wrong and what arrived).
WORDING_DIFFERS = {
    "Lambda not callable": (
        "Keras's 'unsupported callable' does not say what arrived",
        ["3 is not a callable object"]),
    "InputLayer sparse and ragged": (
        "kerasish has neither sparse nor ragged tensors, so it refuses either one",
        ["does not support sparse or ragged inputs"]),
    "AveragePooling3D strides negative": (
        "Keras allows a zero stride here (and fails later); kerasish asks for positive strides",
        ["The `strides` argument must be a tuple of 3 integers. Received strides=-1, "
         "including values {-1}"]),
    "BatchNormalization axis string": (
        "Keras's message is int()'s ('invalid literal for int()')",
        ["`axis`", "Received: axis=a"]),
    **{case: ("Keras's TypeError is the failed comparison's ('<=' not supported ...)",
              [f"`{argument}`", "between 0 and 1", f"Received: {argument}=a"])
       for case, argument in [("Dropout rate string", "rate"), ("AlphaDropout rate string", "rate"),
                              ("SpatialDropout1D rate string", "rate"),
                              ("GaussianNoise stddev string", "stddev")]},
    "Conv2D filters string": (
        "Keras's TypeError is the failed comparison's ('<=' not supported ...)",
        ["`filters`", "strictly positive", "Received filters=2"]),
    **{case: ("Keras lists the accepted forms with each layer's own names (and a typo in "
              "the 3-D ones); kerasish names them the same way for every layer",
              [f"`{argument}` should be either an int, a tuple of {rank} ints",
               f"Received: {argument}=1.5."])
       for case, argument, rank in [("Cropping2D float", "cropping", 2),
                                    ("Cropping3D float", "cropping", 3),
                                    ("ZeroPadding2D float", "padding", 2),
                                    ("ZeroPadding3D float", "padding", 3)]},
    **{case: ("kerasish has no batch renormalization and refuses renorm=True before "
              "reading renorm_clipping", ["does not support `renorm=True`"])
       for case in ("BatchNormalization bad renorm_clipping key",
                    "BatchNormalization rmax below rmin", "BatchNormalization negative dmax")},
}


def _normalized(message):
    """Sets of names print in an order that varies between runs (Keras lists
    the allowed paddings as a set): each {'a', 'b'} is sorted; runs of white
    space become one space."""
    def sorted_set(match):
        return "{" + ", ".join(sorted(match.group(1).split(", "))) + "}"

    message = re.sub(r"\{('[^']*'(?:, '[^']*')*)\}", sorted_set, message)
    return " ".join(message.split())


def _construction_error(module, layer_name, args, kwargs):
    args = tuple(module.layers.Dense(2) if arg == WRAPPED_DENSE else arg for arg in args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            getattr(module.layers, layer_name)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - its type and message are compared
            return error
    return None


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_invalid_arguments_are_refused_like_keras(case):
    name, layer_name, args, kwargs = case
    theirs = _construction_error(real_keras(), layer_name, args, kwargs)
    ours = _construction_error(kerasish, layer_name, args, kwargs)
    assert theirs is not None, f"{name}: Keras accepts it, so it is no case for this table"
    assert ours is not None, f"{name}: kerasish accepts it; Keras raised {theirs!r}"
    assert type(ours) is type(theirs), f"{name}: kerasish raised {ours!r}, Keras {theirs!r}"
    if name in WORDING_DIFFERS:
        missing = [phrase for phrase in WORDING_DIFFERS[name][1] if phrase not in str(ours)]
        assert not missing, f"{name}: {missing} not in {str(ours)!r}"
    else:
        assert _normalized(str(theirs)) in _normalized(str(ours)), (str(ours), str(theirs))


def test_wording_exceptions_name_real_cases():
    assert sorted(set(WORDING_DIFFERS) - {case[0] for case in CASES}) == []


# Arguments Keras 3.15 accepts at construction and kerasish refuses with a
# ValueError naming the argument, with what Keras does instead.
STRICTER_THAN_KERAS = [
    # Keras's pooling layers take a zero stride and fail when called.
    ("MaxPooling2D", (2,), {"strides": 0}, "`strides`"),
    # Keras's pooling layers read `padding` only when called.
    ("MaxPooling2D", (2,), {"padding": "full"}, "`padding`"),
    # Keras builds the layer and pads with a negative width (a crop) or fails.
    ("ZeroPadding2D", (-1,), {}, "`padding`"),
    # Keras keeps the string and fails when called.
    ("Reshape", ("a",), {}, "`target_shape`"),
    ("Reshape", ((0, 2),), {}, "`target_shape`"),
]


@pytest.mark.parametrize(
    "case", STRICTER_THAN_KERAS, ids=[f"{c[0]}{c[2]}" for c in STRICTER_THAN_KERAS])
def test_arguments_keras_takes_blindly_are_refused(case):
    layer_name, args, kwargs, argument = case
    assert _construction_error(real_keras(), layer_name, args, kwargs) is None
    error = _construction_error(kerasish, layer_name, args, kwargs)
    assert isinstance(error, ValueError) and argument in str(error), repr(error)
