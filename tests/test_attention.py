"""ops.einsum, EinsumDense, MultiHeadAttention, Attention and AdditiveAttention:
values against NumPy, finite-difference gradients, masks, configs and errors.
(Parity with real Keras: compat_tests/test_attention_parity.py.)"""

import numpy as np
import pytest

import kerasish as keras
from kerasish import layers, ops
from kerasish.backend.masking import get_keras_mask, set_keras_mask
from kerasish.backend.tensor import Tensor
from tests.layer_checks import check_layer, check_op_gradients, float64

EINSUM_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("abc,cde->abde", [(2, 3, 4), (4, 2, 5)]),
    ("aecd,abcd->acbe", [(2, 3, 4, 5), (2, 6, 4, 5)]),
    ("acbe,aecd->abcd", [(2, 4, 6, 3), (2, 3, 4, 5)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("iij,j->ij", [(3, 3, 2), (2,)]),
    ("...ij,...jk", [(2, 3, 4), (4, 5)]),
    ("i...,i...->...", [(3, 2, 4), (3, 1, 4)]),
    ("ij,kj->ik", [(2, 1), (3, 4)]),
    ("ij->", [(2, 3)]),
    ("ijk,k->ij", [(2, 3, 4), (4,)]),
    ("ab,cd->abcd", [(2, 3), (4, 5)]),
    ("ijk,jil->kl", [(2, 3, 4), (3, 2, 5)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("bij->bji", [(2, 3, 4)]),
]


# ------------------------------------------------------------------ einsum


@pytest.mark.parametrize("subscripts,shapes", EINSUM_CASES, ids=[c[0] for c in EINSUM_CASES])
def test_einsum_values_and_gradients(subscripts, shapes):
    rng = np.random.default_rng(0)
    arrays = [rng.normal(size=s) for s in shapes]
    ours = ops.einsum(subscripts, *[a.astype("float32") for a in arrays])
    np.testing.assert_allclose(ours, np.einsum(subscripts, *arrays), rtol=1e-5, atol=1e-5)
    check_op_gradients(lambda *t: ops.einsum(subscripts, *t), *arrays)


@pytest.mark.parametrize("dtypes,expected", [
    (("float32", "float32"), "float32"), (("int32", "float16"), "float16"),
    (("int64", "float32"), "float32"), (("int8", "int8"), "int32"),
    (("int8", "uint8"), "int16"), (("int32", "int64"), "int64"),
    (("float16", "float64"), "float64"), (("bool", "int16"), "int16"),
])
def test_einsum_dtypes_follow_keras(dtypes, expected):
    operands = [np.ones((2, 2), dtype=d) for d in dtypes]
    assert ops.einsum("ij,jk->ik", *operands).dtype == np.dtype(expected)


def test_einsum_gradient_keeps_each_operand_dtype():
    a = keras.Variable(np.ones((2, 3), dtype="float16"))
    b = keras.Variable(np.ones((3,), dtype="float32"))
    grad_a, grad_b = keras.backend.gradients(ops.sum(ops.einsum("ij,j->i", a, b)), [a, b])
    assert grad_a.dtype == np.float16 and grad_b.dtype == np.float32
    np.testing.assert_array_equal(grad_b, [2.0, 2.0, 2.0])


def test_einsum_of_plain_arrays_is_an_array_and_of_a_variable_a_tensor():
    x = np.ones((2, 2), dtype="float32")
    assert isinstance(ops.einsum("ij->i", x), np.ndarray)
    assert isinstance(ops.einsum("ij->i", keras.Variable(x)), Tensor)


@pytest.mark.parametrize("subscripts,shapes,match", [
    ("ij,jk->ik", [(2, 3)], r"Number of operands \(1\) does not match"),
    ("ijk,jk->ik", [(2, 3), (3, 4)], "Number of dimensions in the subscript"),
    ("ij,jk->ik", [(2, 3), (4, 5)], "Size of label 'j'"),
    ("ij->ii", [(2, 2)], "each output letter must appear once"),
    ("ij->k", [(2, 2)], "each output letter must appear once"),
    ("ij->i->j", [(2, 2)], "At most one '->'"),
])
def test_einsum_errors(subscripts, shapes, match):
    with pytest.raises(ValueError, match=match):
        ops.einsum(subscripts, *[np.ones(s, dtype="float32") for s in shapes])


# ------------------------------------------------------------- EinsumDense


@pytest.mark.parametrize("equation,output_shape,bias_axes,input_shape,kernel,bias", [
    ("ab,bc->ac", 4, "c", (3, 5), (5, 4), (4,)),
    ("abc,cde->abde", (3, 2, 4), "de", (2, 3, 5), (5, 2, 4), (2, 4)),
    ("abc,cd->abd", (3, 4), None, (2, 3, 5), (5, 4), None),
    ("...b,bc->...c", 4, "c", (2, 3, 5), (5, 4), (4,)),
    ("ab...,bc->ac...", 4, "c", (2, 3, 5), (3, 4), (4, 1)),
    ("abcd,cde->abe", (3, 6), "e", (2, 3, 4, 5), (4, 5, 6), (6,)),
    ("abc,cd->abd", (3, 4), "b", (2, 3, 5), (5, 4), (3, 1)),
])
def test_einsum_dense(equation, output_shape, bias_axes, input_shape, kernel, bias):
    layer = check_layer(
        lambda: layers.EinsumDense(equation, output_shape, bias_axes=bias_axes, activation="tanh"),
        input_shape, num_weights=1 if bias is None else 2,
    )
    assert layer.kernel.shape == kernel
    assert (layer.bias is None) if bias is None else layer.bias.shape == bias


def test_einsum_dense_glorot_fans_come_from_the_equation():
    layer = layers.EinsumDense("abc,cde->abde", (None, 8, 16), kernel_initializer="glorot_uniform")
    layer.build((None, 3, 512))
    limit = np.sqrt(6.0 / (512 + 8 * 16))  # fans 512 and 128, not the 3-D default
    kernel = layer.kernel.numpy()
    assert np.abs(kernel).max() <= limit and np.abs(kernel).max() > 0.9 * limit


@pytest.mark.parametrize("kwargs,input_shape,match", [
    (dict(equation="ab->b", output_shape=2), (2, 3), "Invalid einsum equation 'ab->b'"),
    (dict(equation="ab,bc->ac", output_shape=2, bias_axes="d"), (2, 3),
     "Bias dimension 'd' was requested"),
    (dict(equation="ab,bcd->ac", output_shape=2), (2, 3), "Weight dimension 'd' did not have"),
    (dict(equation="ab,bc->acz", output_shape=(2, 3)), (2, 3), "Dimension 'z' was specified"),
    (dict(equation="abc,cd->abd", output_shape=(5, 2)), (2, 3, 4),
     "Input shape and output shape do not match at shared dimension 'b'"),
])
def test_einsum_dense_errors(kwargs, input_shape, match):
    with pytest.raises(ValueError, match=match):
        layers.EinsumDense(**kwargs).build(input_shape)


# ------------------------------------------------------ MultiHeadAttention


class SelfAttention(layers.MultiHeadAttention):
    """MultiHeadAttention called on one tensor, for the single-input checks."""

    def build(self, input_shape):
        super().build(input_shape, input_shape)

    def call(self, inputs):
        return super().call(inputs, inputs)


@pytest.mark.parametrize("kwargs,input_shape,num_weights", [
    (dict(num_heads=2, key_dim=3), (2, 4, 5), 8),
    (dict(num_heads=2, key_dim=3, value_dim=2, use_bias=False, output_shape=6), (2, 4, 5), 4),
    (dict(num_heads=1, key_dim=2, attention_axes=(1, 2)), (2, 3, 2, 4), 8),
    (dict(num_heads=2, key_dim=2, use_gate=True), (2, 3, 4), 10),
])
def test_multi_head_attention_self_attention_checks(kwargs, input_shape, num_weights):
    check_layer(lambda: SelfAttention(**kwargs), input_shape, num_weights=num_weights)


class _ScoresOnly(layers.MultiHeadAttention):
    """The attention output and scores summed into one output, so that one
    gradient check covers both."""

    def call(self, query, value, key=None, **kwargs):
        output, scores = super().call(query, value, key, return_attention_scores=True, **kwargs)
        return ops.add(ops.sum(output), ops.sum(ops.multiply(scores, np.arange(5.0))))


def _mha_gradient_check(make_layer, shapes, **call_kwargs):
    rng = np.random.default_rng(3)
    with float64():
        layer = make_layer()
        arrays = [rng.normal(size=s) for s in shapes]
        layer(*arrays, **call_kwargs)
        check_op_gradients(lambda *t: layer(*t, **call_kwargs), *arrays)


def test_multi_head_attention_cross_attention_gradients():
    _mha_gradient_check(
        lambda: layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=2),
        [(2, 3, 4), (2, 5, 6), (2, 5, 3)],
    )


def test_multi_head_attention_masked_gradients():
    attention_mask = np.array([[[1, 1, 0, 0, 1]] * 3, [[0, 0, 0, 0, 0]] + [[1, 0, 1, 0, 1]] * 2], bool)
    for scores in (False, True):  # both of Keras's paths (fused and Softmax layer)
        _mha_gradient_check(
            lambda: layers.MultiHeadAttention(num_heads=2, key_dim=3),
            [(2, 3, 4), (2, 5, 4)], attention_mask=attention_mask,
            use_causal_mask=True, return_attention_scores=scores,
        ) if not scores else _mha_gradient_check(
            lambda: _ScoresOnly(num_heads=2, key_dim=3),
            [(2, 3, 4), (2, 5, 4)], attention_mask=attention_mask, use_causal_mask=True,
        )


def test_multi_head_attention_shapes_and_weights():
    mha = layers.MultiHeadAttention(num_heads=3, key_dim=4, value_dim=5, output_shape=(7,))
    query, value, key = np.ones((2, 6, 8), "float32"), np.ones((2, 9, 10), "float32"), np.ones(
        (2, 9, 11), "float32")
    output, scores = mha(query, value, key, return_attention_scores=True)
    assert output.shape == (2, 6, 7) and scores.shape == (2, 3, 6, 9)
    assert [(w.path, w.shape) for w in mha.weights] == [
        (f"{mha.name}/query/kernel", (8, 3, 4)), (f"{mha.name}/query/bias", (3, 4)),
        (f"{mha.name}/key/kernel", (11, 3, 4)), (f"{mha.name}/key/bias", (3, 4)),
        (f"{mha.name}/value/kernel", (10, 3, 5)), (f"{mha.name}/value/bias", (3, 5)),
        (f"{mha.name}/attention_output/kernel", (3, 5, 7)),
        (f"{mha.name}/attention_output/bias", (7,)),
    ]
    assert mha.compute_output_shape((None, 6, 8), (None, 9, 10)) == (None, 6, 7)


def test_multi_head_attention_over_two_axes_attends_across_both():
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(1, 2))
    x = np.random.default_rng(0).normal(size=(2, 3, 4, 5)).astype("float32")
    _, scores = mha(x, x, return_attention_scores=True)
    assert scores.shape == (2, 2, 3, 4, 3, 4)
    np.testing.assert_allclose(np.asarray(scores).sum(axis=(-2, -1)), 1.0, rtol=1e-5)


def test_causal_mask_hides_the_future():
    mha = layers.MultiHeadAttention(num_heads=1, key_dim=2)
    x = np.random.default_rng(0).normal(size=(1, 4, 3)).astype("float32")
    _, scores = mha(x, x, use_causal_mask=True, return_attention_scores=True)
    scores = np.asarray(scores)[0, 0]
    assert np.all(scores[np.triu_indices(4, 1)] == 0)
    np.testing.assert_allclose(scores.sum(-1), 1.0, rtol=1e-6)


def test_padding_masks_from_tensors_and_arguments():
    mha = layers.MultiHeadAttention(num_heads=1, key_dim=2)
    rng = np.random.default_rng(0)
    query = Tensor(rng.normal(size=(1, 3, 4)).astype("float32"))
    value = rng.normal(size=(1, 5, 4)).astype("float32")
    query_mask = np.array([[True, True, False]])
    set_keras_mask(query, query_mask)
    output, scores = mha(query, value, value_mask=np.array([[1, 1, 1, 0, 0]]),
                         return_attention_scores=True)
    scores = np.asarray(scores)
    assert np.all(scores[..., 3:] == 0) and np.all(scores[0, 0, 2] == 0)  # masked query row
    assert get_keras_mask(output) is query_mask and get_keras_mask(query) is None
    # Changing the masked values changes nothing.
    value[:, 3:] += 100.0
    set_keras_mask(query, query_mask)
    again = mha(query, value, value_mask=np.array([[1, 1, 1, 0, 0]]))
    np.testing.assert_allclose(np.asarray(again)[:, :2], np.asarray(output)[:, :2], rtol=1e-5)


def test_dropout_changes_training_output_only():
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=2, dropout=0.5, seed=1)
    x = np.random.default_rng(0).normal(size=(2, 4, 3)).astype("float32")
    np.testing.assert_array_equal(np.asarray(mha(x, x)), np.asarray(mha(x, x, training=False)))
    assert not np.allclose(np.asarray(mha(x, x, training=True)), np.asarray(mha(x, x)))


def test_multi_head_attention_config_round_trip():
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=4, dropout=0.1,
                                    output_shape=(5,), attention_axes=(1,), use_bias=False)
    config = mha.get_config()
    assert layers.MultiHeadAttention.from_config(config).get_config() == config
    assert config["attention_axes"] == (1,) and config["output_shape"] == (5,)


@pytest.mark.parametrize("kwargs,match", [
    (dict(num_heads=2, key_dim=0), r"`key_dim`, expected a positive integer. Received: key_dim=0"),
    (dict(num_heads=2, key_dim=-3), "Received: key_dim=-3"),
    (dict(num_heads=0, key_dim=2), "Received: num_heads=0"),
    (dict(num_heads=2, key_dim=2, value_dim=0), "positive integer or `None`"),
    (dict(num_heads=2, key_dim=2, attention_axes="1"), "`attention_axes` must be an int"),
    (dict(num_heads=2, key_dim=2, sliding_window=0), "`sliding_window` must be `None`"),
    (dict(num_heads=2, key_dim=2, output_shape=3.5), "Invalid `output_shape`"),
])
def test_multi_head_attention_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.MultiHeadAttention(**kwargs)


@pytest.mark.parametrize("axes", [(3,), (0,), (5,), (-4,), (1, 1)])
def test_attention_axes_out_of_range(axes):
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=axes)
    x = np.ones((2, 3, 4), "float32")
    with pytest.raises(ValueError, match=r"Invalid `attention_axes`.*Received: attention_axes"):
        mha(x, x)


@pytest.mark.parametrize("query_shape,value_shape,key_shape,match", [
    ((2, 3, 4), (2, 5, 4), (2, 6, 4), "All dimensions of `value` and `key`, except the last"),
    ((2, 3, 4), (3, 5, 4), None, "same rank and batch size"),
    ((2, 3, 4), (2, 2, 5, 4), None, "same rank and batch size"),
])
def test_multi_head_attention_mismatched_shapes(query_shape, value_shape, key_shape, match):
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=2)
    arrays = [np.ones(s, "float32") for s in (query_shape, value_shape, key_shape) if s]
    with pytest.raises(ValueError, match=match):
        mha(*arrays)


def test_multi_head_attention_mask_that_does_not_broadcast():
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=2)
    x = np.ones((2, 3, 4), "float32")
    with pytest.raises(ValueError, match="The `mask` must be broadcastable to `inputs`"):
        mha(x, x, attention_mask=np.ones((2, 3, 5), bool))


# ------------------------------------------------ Attention, AdditiveAttention


@pytest.mark.parametrize("make_layer", [
    lambda: layers.Attention(), lambda: layers.Attention(use_scale=True),
    lambda: layers.Attention(score_mode="concat", use_scale=True),
    lambda: layers.AdditiveAttention(), lambda: layers.AdditiveAttention(use_scale=False),
], ids=["dot", "dot-scale", "concat-scale", "additive", "additive-noscale"])
def test_attention_layers_gradients_with_masks(make_layer):
    rng = np.random.default_rng(0)
    mask = [np.array([[1, 1, 0], [1, 1, 1]], bool), np.array([[1, 0, 1, 1], [1, 1, 0, 0]], bool)]
    with float64():
        layer = make_layer()
        arrays = [rng.normal(size=(2, 3, 2)), rng.normal(size=(2, 4, 2)), rng.normal(size=(2, 4, 2))]
        layer(arrays)
        if layer.weights:
            layer.set_weights([rng.uniform(0.5, 1.5, size=w.shape) for w in layer.weights])
        for kwargs in (dict(mask=mask), dict(use_causal_mask=True), {}):
            check_op_gradients(lambda q, v, k: layer([q, v, k], **kwargs), *arrays)


def test_attention_output_masks_queries_and_hides_values():
    layer = layers.Attention()
    rng = np.random.default_rng(0)
    query, value = rng.normal(size=(1, 2, 3)).astype("float32"), rng.normal(size=(1, 4, 3)).astype(
        "float32")
    mask = [np.array([[True, False]]), np.array([[True, True, False, False]])]
    output, scores = layer([query, value], mask=mask, return_attention_scores=True)
    assert np.all(np.asarray(output)[0, 1] == 0) and np.all(np.asarray(scores)[..., 2:] == 0)
    np.testing.assert_array_equal(np.asarray(layer.compute_mask([query, value], mask)), mask[0])
    assert layer.compute_mask([query, value], None) is None


def test_attention_weights_and_config():
    additive = layers.AdditiveAttention()
    additive([np.ones((2, 3, 5), "float32")] * 2)
    assert [(w.name, w.shape) for w in additive.weights] == [("scale", (5,))]
    assert "score_mode" not in additive.get_config()
    dot = layers.Attention(use_scale=True, score_mode="concat")
    dot([np.ones((2, 3, 5), "float32")] * 2)
    assert [(w.name, w.shape) for w in dot.weights] == [("scale", ()), ("concat_score_weight", ())]
    config = dot.get_config()
    assert layers.Attention.from_config(config).get_config() == config


@pytest.mark.parametrize("call,match", [
    (lambda l, x: l(x), "must be called on a list of inputs"),
    (lambda l, x: l([x]), "accepts inputs list of length 2 or 3"),
    (lambda l, x: l([x, x], mask=np.ones((2, 3), bool)), "mask must be a list"),
    (lambda l, x: l([x, x], mask=[None]), "accepts mask list of length 2 or 3"),
    (lambda l, x: l([x, np.ones((2, 3, 5), "float32")]), "same last dimension"),
    (lambda l, x: l([x, np.ones((3, 3, 4), "float32")]), "same batch size"),
    (lambda l, x: l([x, x], mask=[None, np.ones((2, 4), bool)]),
     "The `mask` must be broadcastable to `inputs`"),
])
def test_attention_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call(layers.Attention(), np.ones((2, 3, 4), "float32"))


def test_attention_score_mode_error():
    with pytest.raises(ValueError, match="Invalid value for argument score_mode"):
        layers.Attention(score_mode="add")


# ------------------------------------------------------- functional models


def _cross_attention_model():
    query, value = keras.Input((5, 8)), keras.Input((6, 4))
    attended = layers.MultiHeadAttention(2, 4)(query=query, value=value, use_causal_mask=True)
    output, scores = layers.Attention()([attended, attended], return_attention_scores=True)
    return keras.Model([query, value], [output, scores])


def test_functional_model_with_attention_round_trips_its_config():
    model = _cross_attention_model()
    assert [tuple(o.shape) for o in model.outputs] == [(None, 5, 8), (None, 5, 5)]
    clone = keras.Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    inputs = [np.random.default_rng(0).normal(size=s).astype("float32") for s in ((2, 5, 8),
                                                                               (2, 6, 4))]
    for a, b in zip(model.predict(inputs, verbose=0), clone.predict(inputs, verbose=0)):
        np.testing.assert_array_equal(a, b)
    assert clone.layers[2].get_config()["output_shape"] is None


def test_embedding_mask_reaches_attention_in_a_functional_model():
    tokens = keras.Input((6,), dtype="int32")
    embedded = layers.Embedding(10, 4, mask_zero=True)(tokens)
    attended = layers.MultiHeadAttention(1, 2)(embedded, embedded, return_attention_scores=True)
    model = keras.Model(tokens, attended[1])
    scores = model.predict(np.array([[3, 4, 5, 0, 0, 0]]), verbose=0)
    assert np.all(scores[..., 3:] == 0) and np.all(scores[0, 0, 3:] == 0)
    np.testing.assert_allclose(scores[0, 0, :3].sum(-1), 1.0, rtol=1e-6)
