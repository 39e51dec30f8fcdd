"""Which `kerasish.ops` functions also appear in the `kerasish.ops.nn` and
`kerasish.ops.numpy` submodules, as in Keras (`keras.ops.nn.gelu`,
`keras.ops.numpy.flip`). The functions live in topic modules
(activation_ops, array_ops, ...); nn.py and numpy.py look these names up in
`kerasish.ops` when they are first read."""

import importlib

NN_NAMES = (
    "adaptive_average_pool", "adaptive_max_pool", "celu", "ctc_decode", "ctc_loss",
    "depth_to_space", "dot_product_attention", "elu", "fold", "gelu", "glu", "hard_shrink",
    "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "log_sigmoid",
    "moments", "multi_hot", "normalize", "polar", "psnr", "relu6", "rms_normalization", "selu",
    "separable_conv", "silu", "soft_shrink", "softsign", "space_to_depth", "sparse_plus",
    "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh_shrink", "threshold", "unfold",
    "average_pool", "batch_normalization", "conv", "conv_transpose", "depthwise_conv",
    "layer_normalization", "max_pool",
)

NUMPY_NAMES = (
    "allclose", "angle", "append", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2",
    "arctanh", "argpartition", "argsort", "array", "array_split", "average", "bartlett",
    "bincount", "bitwise_and", "bitwise_invert", "bitwise_left_shift", "bitwise_not",
    "bitwise_or", "bitwise_right_shift", "bitwise_xor", "blackman", "cbrt", "ceil", "conj",
    "conjugate", "copy", "corrcoef", "correlate", "cos", "cosh", "count_nonzero", "cross",
    "cumprod", "cumsum", "deg2rad", "diag", "diagflat", "diagonal", "diff", "digitize", "dsplit",
    "dstack", "einsum", "empty", "empty_like", "exp2", "expm1", "eye", "fabs", "flip", "fliplr", "flipud",
    "floor_divide", "fmax", "fmin", "fmod", "full", "full_like", "gcd", "geomspace", "get_item",
    "hamming", "hanning", "heaviside", "histogram", "hsplit", "hstack", "hypot", "i0",
    "identity", "imag", "inner", "isclose", "isin", "isinf", "isneginf", "isposinf", "isreal",
    "kaiser", "kron", "lcm", "ldexp", "left_shift", "linspace", "log10", "log1p", "log2",
    "logaddexp", "logaddexp2", "logical_and", "logical_not", "logical_or", "logical_xor",
    "logspace", "median", "meshgrid", "mod", "moveaxis", "nan_to_num", "nanargmax", "nanargmin",
    "nancumprod", "nancumsum", "nanmax", "nanmean", "nanmedian", "nanmin", "nanpercentile",
    "nanprod", "nanquantile", "nanstd", "nansum", "nanvar", "ndim", "nextafter", "nonzero",
    "outer", "pad", "percentile", "ptp", "quantile", "rad2deg", "ravel", "real", "reciprocal",
    "repeat", "right_shift", "roll", "rot90", "searchsorted", "select", "signbit", "sin", "sinc",
    "sinh", "size", "slogdet", "sort", "split", "std", "swapaxes", "take_along_axis", "tan",
    "tanh", "tensordot", "tile", "trace", "trapezoid", "tri", "tril", "triu", "trunc", "unique",
    "unravel_index", "vander", "var", "vdot", "vectorize", "view", "vsplit", "vstack",
)


def extend(module_globals, names):
    """Makes `names` (ops defined in other modules) attributes of the module
    whose globals are `module_globals`, read from `kerasish.ops` on first use.

    Args:
        module_globals: the `globals()` of `kerasish.ops.nn` or `kerasish.ops.numpy`.
        names: `NN_NAMES` or `NUMPY_NAMES`.
    """
    module_name = module_globals["__name__"]

    def __getattr__(name):
        if name not in names:
            raise AttributeError(f"module '{module_name}' has no attribute '{name}'")
        value = getattr(importlib.import_module("kerasish.ops"), name)
        module_globals[name] = value
        return value

    def __dir__():
        return sorted(set(module_globals) | set(names))

    module_globals["__getattr__"] = __getattr__
    module_globals["__dir__"] = __dir__
