"""Finite-difference gradient checks (float64) and behaviour checks of the
wider `keras.ops` surface: element-wise math, array ops, reductions,
activations and linalg. Values against real Keras are in
compat_tests/test_ops_wide_parity.py."""

import numpy as np
import pytest

from kerasish import ops
from layer_checks import check_op_gradients, float64


@pytest.fixture(autouse=True)
def _float64():
    with float64():
        yield


def normal(shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


def between(shape, low, high, seed=0):
    return np.random.default_rng(seed).uniform(low, high, size=shape)


def spd(n, seed=0):
    a = normal((n, n), seed)
    return a @ a.T + n * np.eye(n)


UNARY = {
    "sin": normal, "cos": normal, "tan": lambda s: between(s, -1, 1),
    "arcsin": lambda s: between(s, -0.9, 0.9), "arccos": lambda s: between(s, -0.9, 0.9),
    "arctan": normal, "sinh": normal, "cosh": normal, "arcsinh": normal,
    "arccosh": lambda s: between(s, 1.2, 3), "arctanh": lambda s: between(s, -0.9, 0.9),
    "exp2": normal, "expm1": normal, "log10": lambda s: between(s, 0.2, 3),
    "log2": lambda s: between(s, 0.2, 3), "log1p": lambda s: between(s, -0.5, 3),
    "fabs": lambda s: between(s, 0.2, 2) * np.sign(normal(s, 1)), "sinc": normal,
    "erf": normal, "erfc": normal, "erfinv": lambda s: between(s, -0.9, 0.9),
    "rsqrt": lambda s: between(s, 0.2, 3), "cbrt": lambda s: between(s, 0.2, 3),
    "deg2rad": normal, "rad2deg": normal, "reciprocal": lambda s: between(s, 0.3, 3),
    "logsumexp": normal, "var": normal, "std": normal, "median": normal,
    "nansum": normal, "nanmean": normal, "nanvar": normal, "nanmax": normal,
    "flip": normal, "fliplr": normal, "flipud": normal, "ravel": normal,
    "tril": normal, "triu": normal, "diagonal": normal, "trace": normal,
    "sort": normal, "cumsum": normal, "cumprod": normal, "nancumsum": normal,
    "relu6": lambda s: between(s, 0.2, 5), "elu": normal, "selu": normal, "celu": normal,
    "gelu": normal, "silu": normal, "hard_tanh": lambda s: between(s, -0.9, 0.9),
    "log_sigmoid": normal, "softsign": normal, "squareplus": normal, "tanh_shrink": normal,
    "normalize": normal, "rms_normalization": normal, "sparsemax": normal,
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradients(name):
    x = UNARY[name]((3, 4))
    check_op_gradients(getattr(ops, name), x)


BINARY = {
    "arctan2": (normal, lambda s: between(s, 0.5, 2, 1)),
    "hypot": (normal, lambda s: normal(s, 1)),
    "logaddexp": (normal, lambda s: normal(s, 1)),
    "logaddexp2": (normal, lambda s: normal(s, 1)),
    "mod": (lambda s: between(s, 0.1, 0.9), lambda s: between(s, 1.1, 2, 1)),
    "fmod": (lambda s: between(s, 0.1, 0.9), lambda s: between(s, 1.1, 2, 1)),
    "fmax": (normal, lambda s: normal(s, 1)),
    "fmin": (normal, lambda s: normal(s, 1)),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradients(name):
    first, second = BINARY[name]
    check_op_gradients(getattr(ops, name), first((3, 4)), second((4,)))


SHAPED = {
    "roll": lambda x: ops.roll(x, 2, axis=1),
    "rot90": lambda x: ops.rot90(x),
    "tile": lambda x: ops.tile(x, (2, 1)),
    "repeat": lambda x: ops.repeat(x, 2, axis=0),
    "swapaxes": lambda x: ops.swapaxes(x, 0, 1),
    "moveaxis": lambda x: ops.moveaxis(x, 0, -1),
    "diag": lambda x: ops.diag(ops.ravel(x)),
    "diagflat": lambda x: ops.diagflat(x),
    "take_along_axis": lambda x: ops.take_along_axis(x, np.array([[0, 3, 3, 1]]), axis=1),
    "top_k": lambda x: ops.top_k(x, 2)[0],
    "split": lambda x: ops.split(x, 2, axis=1)[1],
    "array_split": lambda x: ops.array_split(x, 3, axis=1)[0],
    "unstack": lambda x: ops.unstack(x)[2],
    "slice": lambda x: ops.slice(x, (1, 1), (2, 2)),
    "hstack": lambda x: ops.hstack([x, x]),
    "vstack": lambda x: ops.vstack([x, x]),
    "dstack": lambda x: ops.dstack([x, x]),
    "append": lambda x: ops.append(x, x),
    "glu": lambda x: ops.glu(x),
    "average": lambda x: ops.average(x, axis=1, weights=np.array([1.0, 2.0, 3.0, 4.0])),
    "quantile": lambda x: ops.quantile(x, np.array([0.3, 0.7]), axis=1),
    "percentile": lambda x: ops.percentile(x, 40, axis=0),
    "ptp": lambda x: ops.ptp(x, axis=1),
    "nanmin": lambda x: ops.nanmin(x, axis=0),
    "nanprod": lambda x: ops.nanprod(x, axis=0),
    "nanstd": lambda x: ops.nanstd(x, axis=0),
    "nanmedian": lambda x: ops.nanmedian(x, axis=1),
    "nancumprod": lambda x: ops.nancumprod(x, axis=1),
    "norm[1]": lambda x: ops.norm(x, ord=1, axis=1),
    "norm[3]": lambda x: ops.norm(x, ord=3, axis=0),
    "norm[inf,matrix]": lambda x: ops.norm(x, ord=np.inf),
    "norm[nuc]": lambda x: ops.norm(x, ord="nuc"),
    "norm[2,matrix]": lambda x: ops.norm(x, ord=2, axis=(0, 1)),
    "svd": lambda x: ops.svd(x, compute_uv=False),
}


@pytest.mark.parametrize("name", sorted(SHAPED))
def test_shaped_op_gradients(name):
    check_op_gradients(SHAPED[name], normal((3, 4)))


def test_updates_and_scatter_gradients():
    x, update = normal((4, 3)), normal((2, 3), 1)
    check_op_gradients(lambda a, u: ops.slice_update(a, (1, 0), u), x, update)
    check_op_gradients(lambda a, u: ops.scatter_update(a, np.array([[0], [2]]), u), x, update)
    check_op_gradients(lambda a, u: ops.scatter_update(a, np.array([[0], [0]]), u, "add"),
                       x, update)
    check_op_gradients(lambda u: ops.scatter(np.array([[1], [1]]), u, (4, 3)), update)


def test_cumprod_gradient_through_zeros():
    x = np.array([[2.0, 0.0, 3.0, 0.5]])
    check_op_gradients(lambda a: ops.cumprod(a, axis=1), x)


def test_linalg_gradients():
    a, b = spd(3), normal((3, 2), 1)
    check_op_gradients(ops.inv, a)
    check_op_gradients(ops.det, a)
    check_op_gradients(lambda m: ops.slogdet(m)[1], a)
    check_op_gradients(ops.logdet, a)
    check_op_gradients(ops.solve, a, b)
    check_op_gradients(lambda m, v: ops.solve(m, v), a, normal((3,), 2))
    check_op_gradients(lambda m, v: ops.solve_triangular(m, v, lower=True), np.tril(a), b)
    check_op_gradients(lambda m: ops.cholesky((m + m.T) / 2), a)
    check_op_gradients(lambda m: ops.eigh((m + m.T) / 2)[0], a)
    check_op_gradients(lambda m: ops.cholesky_inverse(m), np.linalg.cholesky(a))


def test_segment_gradients():
    data = normal((5, 2))
    # No empty segment: max/min fill those with the dtype's extremes, which
    # finite differences cannot take.
    ids = np.array([0, 0, 1, 2, 2])
    for name in ("segment_sum", "segment_max", "segment_min", "segment_prod"):
        check_op_gradients(lambda d: getattr(ops, name)(d, ids, num_segments=3), data)
    assert ops.segment_sum(data, np.array([0, 0, 1, 3, 3]))[2].tolist() == [0.0, 0.0]


# ------------------------------------------------------------ bad input


def test_linalg_rejects_non_square_and_vectors():
    with pytest.raises(ValueError, match="square"):
        ops.inv(np.ones((2, 3)))
    with pytest.raises(ValueError, match="square"):
        ops.cholesky(np.ones((3, 2)))
    with pytest.raises(ValueError, match="rank >= 2"):
        ops.det(np.ones(3))
    with pytest.raises(ValueError, match="Cholesky decomposition failed"):
        ops.cholesky(-np.eye(2))
    with pytest.raises(ValueError, match="Invalid `ord`"):
        ops.norm(np.ones(3), ord="fro", axis=0)
    with pytest.raises(ValueError, match="Invalid `ord`"):
        ops.norm(np.ones((2, 2)), ord=3, axis=(0, 1))


def test_array_ops_reject_bad_axes_and_sizes():
    with pytest.raises(ValueError, match="out of bounds"):
        ops.swapaxes(np.ones((2, 2)), 0, 5)
    with pytest.raises(ValueError, match="split evenly"):
        ops.split(np.ones(5), 2)
    with pytest.raises(ValueError, match="num"):
        ops.unstack(np.ones((3, 2)), num=2)
    with pytest.raises(ValueError, match="`k`"):
        ops.top_k(np.ones(3), 4)
    with pytest.raises(ValueError, match="does not fit"):
        ops.slice_update(np.ones(3), (2,), np.ones(2))
    with pytest.raises(ValueError, match="divisible by 2"):
        ops.glu(np.ones((2, 3)))
    with pytest.raises(ValueError, match="reduction"):
        ops.scatter_update(np.ones(3), np.array([[0]]), np.ones(1), reduction="avg")
    with pytest.raises(TypeError, match="bitwise_invert"):
        ops.bitwise_invert(np.ones(2))
    with pytest.raises(ValueError, match="Quantiles"):
        ops.quantile(np.ones(3), 1.5)


def test_int_and_bool_dtypes_follow_keras():
    ints = np.array([1, 2, 3], dtype="int32")
    assert ops.sin(ints).dtype == np.float64  # floatx() is float64 in this module
    assert ops.cbrt(ints.astype("int64")).dtype == np.float64
    assert ops.cumsum(np.array([True, False])).dtype == np.int32
    assert ops.cumsum(ints.astype("int8")).dtype == np.int8
    assert ops.argsort(ints).dtype == np.int32
    assert ops.count_nonzero(ints).dtype == np.int32
    assert ops.mod(ints, 2).dtype == np.int32
    assert ops.hypot(ints, ints).dtype == np.float64
    assert ops.nansum(ints.astype("uint8")).dtype == np.uint32


def test_image_gradients():
    from kerasish.ops import image

    images = normal((1, 4, 5, 2))
    transform = np.array([1.1, 0.2, -1.3, -0.1, 0.9, 0.7, 0.0, 0.0])
    check_op_gradients(lambda x: image.affine_transform(x, transform), images)
    check_op_gradients(lambda x: image.affine_transform(x, transform, fill_mode="reflect"), images)
    for interpolation in ("bilinear", "bicubic", "nearest"):
        check_op_gradients(lambda x: image.resize(x, (6, 3), interpolation=interpolation), images)
    check_op_gradients(lambda x: image.resize(x, (2, 2), antialias=True), images)
    check_op_gradients(lambda x: image.extract_patches(x, 2, padding="same"), images)
    check_op_gradients(lambda x: image.gaussian_blur(x), images)
    check_op_gradients(lambda x: image.crop_images(x, 1, 1, target_height=2, target_width=2), images)
    check_op_gradients(lambda x: image.pad_images(x, 1, 1, 1, 1), images)
    check_op_gradients(image.rgb_to_grayscale, normal((1, 2, 2, 3)))
    check_op_gradients(image.sobel_edges, images)
    check_op_gradients(lambda x: image.scale_and_translate(x, (1, 3, 7, 2), [0.6, 1.4], [0.3, -0.5],
                                                           (1, 2), "cubic"), images)
    check_op_gradients(lambda a, b: image.ssim(a, b, filter_size=3), images, normal((1, 4, 5, 2), 1))
    check_op_gradients(lambda v: image.extract_patches_3d(v, 2, padding="same"),
                       normal((1, 3, 3, 3, 1)))
    corners = np.array([[0, 0], [4, 0], [0, 3], [4, 3]])
    check_op_gradients(lambda x: image.perspective_transform(x, corners, corners + 0.3), images)
    check_op_gradients(lambda x: image.map_coordinates(x, [np.array([0.3, 2.5]),
                                                           np.array([1.2, 3.9])], 1), normal((4, 5)))


def test_image_bad_input():
    from kerasish.ops import image

    with pytest.raises(ValueError, match="rank"):
        image.resize(np.zeros((4, 4)), (2, 2))
    with pytest.raises(ValueError, match="interpolation"):
        image.resize(np.zeros((1, 4, 4, 1)), (2, 2), interpolation="cubic")
    with pytest.raises(ValueError, match="channel"):
        image.rgb_to_grayscale(np.zeros((1, 4, 4, 2)))
    with pytest.raises(ValueError, match="fill_mode"):
        image.affine_transform(np.zeros((1, 4, 4, 1)), np.zeros(8), fill_mode="edge")
    with pytest.raises(ValueError, match="order"):
        image.map_coordinates(np.zeros((2, 2)), [np.zeros(1), np.zeros(1)], 3)


def test_rearrange_bad_patterns():
    with pytest.raises(ValueError, match="->"):
        ops.rearrange(np.zeros((2, 3)), "a b")
    with pytest.raises(ValueError, match="names 3 axes"):
        ops.rearrange(np.zeros((2, 3)), "a b c -> a b c")
    with pytest.raises(ValueError, match="same axes"):
        ops.rearrange(np.zeros((2, 3)), "a b -> a c")
    with pytest.raises(ValueError, match="infer"):
        ops.rearrange(np.zeros((6,)), "(a b) -> a b")
    check_op_gradients(lambda x: ops.rearrange(x, "(a b) c -> c b a", a=3), normal((6, 2)))


def test_matmul_with_a_scalar_is_a_clear_value_error():
    matrix = np.ones((2, 2), "float32")
    for operands in ((matrix, 2), (2, matrix), (np.float32(1.5), matrix)):
        with pytest.raises(ValueError, match=r"at least one axis.*Received: x1.shape="):
            ops.matmul(*operands)


def test_power_of_bools_stays_bool_as_keras_rules_say():
    x = np.array([True, True, False, False])
    y = np.array([True, False, True, False])
    result = ops.power(x, y)
    assert result.dtype == np.bool_
    np.testing.assert_array_equal(result, [True, True, False, True])
