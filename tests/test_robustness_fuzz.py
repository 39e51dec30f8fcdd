"""Property-based fuzzing of the public API with Hypothesis.

Every call on arbitrary data must either work (and then give the shape and
values Keras would) or raise a ValueError/TypeError that kerasish itself
raised, naming the offending argument: never an error from deep inside NumPy,
never a silently wrong shape. The runs are derandomized (the same examples on
every run) and bounded so that the file stays fast; run with
`--hypothesis-show-statistics` to see how many cases each property tried.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import kerasish as keras
from tests.robustness_checks import FUZZ, assert_clear_error, call

# Extreme values NumPy is happy to hold but float32 math is not.
SPECIAL_FLOATS = [0.0, -0.0, 1e-45, -1e-38, 1e38, -3.4e38, 1e300, np.nan, np.inf, -np.inf]

DTYPES = [
    "float16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool",
    "complex64", "object", "<U3", "datetime64[D]",
]


def _elements(dtype):
    kind = np.dtype(dtype).kind
    if kind == "f":
        width = np.dtype(dtype).itemsize * 8
        with np.errstate(over="ignore"):
            specials = [np.asarray(v).astype(dtype).item() for v in SPECIAL_FLOATS]
        return st.one_of(st.floats(width=width, allow_subnormal=False), st.sampled_from(specials))
    if kind == "O":
        return st.one_of(st.integers(-5, 5), st.none(), st.text(max_size=2))
    return None  # hypothesis's defaults cover ints, bools, complex, strings, dates


@st.composite
def arrays(draw, max_rank=3, max_side=4, dtypes=DTYPES, min_side=0):
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=max_rank, min_side=min_side,
                                  max_side=max_side))
    return draw(hnp.arrays(np.dtype(dtype), shape, elements=_elements(dtype)))


def ragged_lists():
    def rows(size):
        return st.lists(st.floats(-10, 10), min_size=size, max_size=size)
    short, long = st.integers(1, 2).flatmap(rows), st.integers(3, 4).flatmap(rows)
    return st.tuples(short, long, st.booleans()).map(lambda t: [t[1], t[0]] if t[2] else [t[0], t[1]])


def data():
    """Anything a user may pass as x or y: arrays of any dtype, Python lists, ragged lists."""
    return st.one_of(
        arrays(),
        arrays(dtypes=["float32", "int64"], min_side=1).map(lambda a: a.tolist()),
        ragged_lists(),
    )


def is_usable_numeric(array):
    """What fit/predict accept: numeric, a batch axis, at least one sample, finite in float32."""
    if array.dtype.kind not in "biuf" or array.ndim == 0 or array.shape[0] == 0:
        return False
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.isfinite(array.astype("float32")).all()) if array.dtype.kind == "f" else True


def make_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    return model


MODEL = make_model()


# ------------------------------------------------------------------ predict
@FUZZ
@given(x=data())
def test_predict_returns_the_dense_result_or_names_x(x):
    result, error = call(lambda: MODEL.predict(x, verbose=0))
    array = np.asarray(x) if not isinstance(x, list) or not _is_ragged(x) else None
    if array is not None and array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]  # Keras drops a trailing axis of 1 the model does not have
    if array is not None and is_usable_numeric(array) and array.shape[1:] == (3,):
        assert error is None, repr(error)
        kernel, bias = MODEL.get_weights()
        expected = array.astype("float32") @ kernel + bias
        assert result.shape == (array.shape[0], 2) and result.dtype == np.float32
        np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-5 * np.abs(expected).max())
    else:
        assert result is None, f"accepted {x!r}"
        assert_clear_error(error, "`x`", "layer")


def _is_ragged(rows):
    return any(isinstance(r, list) for r in rows) and len({len(r) for r in rows}) > 1


# ---------------------------------------------------------- train_on_batch / fit
@FUZZ
@given(x=arrays(dtypes=["float32", "float64", "int8", "bool", "float16"], min_side=1),
       y=data())
def test_train_on_batch_trains_or_names_the_bad_argument(x, y):
    model = make_model()
    before = model.get_weights()
    loss, error = call(lambda: model.train_on_batch(x, y))
    if error is not None:
        assert_clear_error(error, "`x`", "`y`", "`y_true`", "layer", "cardinality")
        # A refused batch must not have moved the weights or the step counter.
        for old, new in zip(before, model.get_weights()):
            np.testing.assert_array_equal(old, new)
        assert int(model.optimizer.iterations.value) == 0
        return
    assert isinstance(loss, float)
    assert int(model.optimizer.iterations.value) == 1
    y_array = np.asarray(y, dtype="float32")
    prediction = np.asarray(x, dtype="float32") @ before[0] + before[1]
    if y_array.ndim == prediction.ndim + 1 and y_array.shape[-1] == 1:
        y_array = y_array[..., 0]
    if y_array.ndim == 1:
        y_array = y_array[:, None]
    with np.errstate(over="ignore", invalid="ignore"):
        expected = np.mean((y_array - prediction) ** 2)
    np.testing.assert_allclose(loss, expected, rtol=1e-4)


@FUZZ
@given(n_x=st.integers(1, 5), n_y=st.integers(1, 5), n_w=st.integers(1, 5),
       batch_size=st.one_of(st.none(), st.integers(-1, 6), st.floats(0.5, 3), st.just(True)))
def test_fit_checks_lengths_and_batch_size(n_x, n_y, n_w, batch_size):
    model = make_model()
    x = np.ones((n_x, 3), "float32")
    y = np.zeros((n_y, 2), "float32")
    sample_weight = np.ones(n_w, "float32")
    history, error = call(lambda: model.fit(x, y, sample_weight=sample_weight, epochs=2,
                                            batch_size=batch_size, verbose=0))
    valid_batch = batch_size is None or (type(batch_size) is int and batch_size > 0)
    if n_x == n_y == n_w and valid_batch:
        assert error is None, repr(error)
        assert len(history.history["loss"]) == 2
        steps = -(-n_x // (batch_size or 32))
        assert int(model.optimizer.iterations.value) == 2 * steps
    else:
        assert_clear_error(error, "`batch_size`", "cardinality")


# ------------------------------------------------------------ layers directly
LAYERS = [
    lambda: keras.layers.Dense(2),
    lambda: keras.layers.Flatten(),
    lambda: keras.layers.Activation("softmax"),
    lambda: keras.layers.Dropout(0.5),
]


@FUZZ
@given(make_layer=st.sampled_from(LAYERS), x=data(), training=st.booleans())
def test_layers_give_their_output_shape_or_refuse(make_layer, x, training):
    layer = make_layer()
    kwargs = {"training": training} if isinstance(layer, keras.layers.Dropout) else {}
    result, error = call(lambda: layer(x, **kwargs))
    if error is not None:
        assert_clear_error(error, "layer", "Layer")
        return
    array = np.asarray(x)
    assert array.dtype.kind in "biuf"
    expected = layer.compute_output_shape(array.shape)
    assert tuple(np.shape(result)) == tuple(expected)


# ------------------------------------------------------------------- losses
LOSSES = ["mean_squared_error", "mean_absolute_error", "huber", "log_cosh",
          "binary_crossentropy", "categorical_crossentropy", "hinge", "kl_divergence",
          "cosine_similarity", "sparse_categorical_crossentropy"]
SHAPES = st.sampled_from([(4,), (4, 1), (4, 3), (4, 2), (3, 3), (4, 3, 1), (0, 3), (4, 3, 2)])


@FUZZ
@given(name=st.sampled_from(LOSSES), true_shape=SHAPES, pred_shape=SHAPES,
       from_logits=st.booleans(), sample_weight_shape=st.sampled_from([None, (4,), (3,), (4, 3)]))
def test_losses_reduce_to_a_scalar_or_name_the_arguments(name, true_shape, pred_shape,
                                                         from_logits, sample_weight_shape):
    kwargs = {"from_logits": from_logits} if "crossentropy" in name else {}
    loss = getattr(keras.losses, _class_name(name))(**kwargs)
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 2, true_shape).astype("float32")
    y_pred = rng.uniform(0.05, 0.95, pred_shape).astype("float32")
    weight = None if sample_weight_shape is None else np.ones(sample_weight_shape, "float32")
    result, error = call(lambda: loss(y_true, y_pred, sample_weight=weight))
    if error is not None:
        assert_clear_error(error, "`y_true`", "`y_pred`", "`target`", "`output`",
                           "`sample_weight`", "label")
        return
    value = np.asarray(keras.ops.convert_to_numpy(result))
    assert value.dtype == np.float32
    # Keras returns the empty per-sample losses unreduced for an empty batch.
    assert value.shape == () or value.shape == (0,)
    assert np.isfinite(value).all()


def _class_name(function_name):
    return {"mean_squared_error": "MeanSquaredError", "mean_absolute_error": "MeanAbsoluteError",
            "huber": "Huber", "log_cosh": "LogCosh", "binary_crossentropy": "BinaryCrossentropy",
            "categorical_crossentropy": "CategoricalCrossentropy", "hinge": "Hinge",
            "kl_divergence": "KLDivergence", "cosine_similarity": "CosineSimilarity",
            "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy"}[function_name]


# ------------------------------------------------------------------ metrics
METRICS = ["Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
           "MeanSquaredError", "MeanAbsoluteError", "Precision", "Recall", "AUC"]


@FUZZ
@given(name=st.sampled_from(METRICS), true_shape=SHAPES, pred_shape=SHAPES)
def test_metrics_give_a_finite_scalar_or_name_the_arguments(name, true_shape, pred_shape):
    metric = getattr(keras.metrics, name)()
    rng = np.random.default_rng(1)
    y_true = rng.integers(0, 2, true_shape).astype("float32")
    y_pred = rng.uniform(0.0, 1.0, pred_shape).astype("float32")
    _, error = call(lambda: metric.update_state(y_true, y_pred))
    if error is not None:
        assert_clear_error(error, "`y_true`", "`y_pred`", "shape")
        return
    value = np.asarray(metric.result())
    assert value.shape == () and np.isfinite(value)


# --------------------------------------------------------- to_categorical
@FUZZ
@given(x=arrays(max_rank=3, dtypes=["int8", "int64", "uint8", "bool", "float32", "float64",
                                    "<U3", "object"]),
       num_classes=st.one_of(st.none(), st.integers(-1, 130), st.floats(0, 5), st.just(True)))
def test_to_categorical_one_hot_encodes_or_refuses(x, num_classes):
    result, error = call(lambda: keras.utils.to_categorical(x, num_classes=num_classes))
    if error is not None:
        assert_clear_error(error, "to_categorical", "`num_classes`", "`x`")
        return
    labels = x.astype(np.int64)
    if labels.ndim > 1 and labels.shape[-1] == 1:
        labels = labels[..., 0]
    assert result.dtype == np.float32
    assert result.shape[:-1] == labels.shape
    if labels.size:
        np.testing.assert_array_equal(result.argmax(-1), labels)
        np.testing.assert_array_equal(result.sum(-1), 1.0)


# -------------------------------------------------------------- set_weights
@FUZZ
@given(values=st.lists(data(), min_size=0, max_size=3))
def test_set_weights_assigns_exactly_or_changes_nothing(values):
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    before = layer.get_weights()
    _, error = call(lambda: layer.set_weights(values))
    if error is not None:
        assert_clear_error(error, "set_weights", "weight")
        for old, new in zip(before, layer.get_weights()):
            np.testing.assert_array_equal(old, new)
        return
    for given_value, stored in zip(values, layer.get_weights()):
        assert stored.dtype == np.float32
        np.testing.assert_array_equal(stored, np.asarray(given_value).astype("float32"))


@pytest.mark.parametrize("weights", [None, "abc", 3.0, {"kernel": 1}])
def test_set_weights_refuses_what_is_not_a_list(weights):
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    with pytest.raises(ValueError, match=r"list of arrays\. .*Received: weights="):
        layer.set_weights(weights)


# ------------------------------------------------------------ fit arguments
ODD_ARGUMENTS = [None, 0, 1, -1, 2.5, True, "abc", [], [1], {}, 0.5, np.int64(2), [1, 2], np.nan]
FIT_ARGUMENTS = ["epochs", "validation_split", "initial_epoch", "validation_freq",
                 "validation_batch_size", "callbacks", "class_weight", "verbose"]


@FUZZ
@given(name=st.sampled_from(FIT_ARGUMENTS), value=st.sampled_from(ODD_ARGUMENTS),
       with_validation=st.booleans())
def test_fit_arguments_work_or_are_named(name, value, with_validation):
    model = make_model()
    x = np.ones((10, 3), "float32")
    y = np.zeros((10, 2), "float32")
    kwargs = {"verbose": 0, name: value}
    if with_validation and name != "validation_split":
        kwargs["validation_data"] = (x[:2], y[:2])
    history, error = call(lambda: model.fit(x, y, **kwargs))
    if error is not None:
        # TypeErrors from the callback list name the expected type instead.
        assert_clear_error(error, f"`{name}`", "callbacks must be instances")
    else:  # (epochs=0 or initial_epoch >= epochs trains nothing, as in Keras)
        assert isinstance(history, keras.callbacks.History)
        assert all(np.isfinite(v).all() for v in history.history.values())
