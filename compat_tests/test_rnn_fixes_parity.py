"""Three fixes against real Keras 3:

- an RNN over stacked cells returns the output, then each cell's states
  (nested per cell, as Keras returns them), with the same values and
  gradients, including stacks of a single cell;
- an Embedding trained by Adam (and the other optimizers) on a batch that
  repeats a token ends with Keras's weights: Keras on TensorFlow gets the
  table's gradient as IndexedSlices, whose square is taken row by row before
  the rows of a repeated index are summed;
- `Embedding(input_length=...)` warns as Keras 3 does.
"""

import warnings

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, TRAINING, assert_close, real_keras, tf
from compat_tests.test_rnn_parity import RECURRENT, _pair

# ------------------------------------------------------------ stacked cells

STACKS = {
    "gru+lstm": lambda m: [m.layers.GRUCell(4, name="a"), m.layers.LSTMCell(3, name="b")],
    "one lstm": lambda m: [m.layers.LSTMCell(4, name="a")],
    "one gru": lambda m: [m.layers.GRUCell(3, name="a")],
    "simple+lstm+gru": lambda m: [m.layers.SimpleRNNCell(2, name="a"),
                                  m.layers.LSTMCell(3, name="b"), m.layers.GRUCell(2, name="c")],
}


def _structure(value):
    if isinstance(value, (list, tuple)):
        return [_structure(v) for v in value]
    return tuple(np.shape(value))


def _leaves(value):
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


@pytest.mark.parametrize("sequences", [False, True], ids=["last", "sequences"])
@pytest.mark.parametrize("stack", list(STACKS), ids=list(STACKS))
def test_stacked_cells_return_the_states_keras_returns(stack, sequences):
    x, ours, theirs = _pair(lambda m: m.layers.RNN(
        STACKS[stack](m), return_state=True, return_sequences=sequences), (3, 5, 4))
    our_outputs = ours(x)
    tensorflow = tf()
    x_t = tensorflow.constant(x)
    with tensorflow.GradientTape() as tape:
        tape.watch(x_t)
        their_outputs = theirs(x_t)
        cotangents = [np.random.default_rng(k).uniform(0.5, 1.5, np.shape(leaf)).astype("float32")
                      for k, leaf in enumerate(_leaves(their_outputs))]
        their_loss = sum(tensorflow.reduce_sum(o * c)
                         for o, c in zip(_leaves(their_outputs), cotangents))
    assert _structure(our_outputs) == _structure(their_outputs)
    for a, b in zip(_leaves(our_outputs), _leaves(their_outputs)):
        assert_close(np.asarray(a), np.asarray(b), RECURRENT, f"{stack} output")
    x_ours = kerasish.backend.tensor.Tensor(x.copy())
    our_loss = sum(kerasish.ops.sum(kerasish.ops.multiply(o, c))
                   for o, c in zip(_leaves(ours(x_ours)), cotangents))
    sources = [x_ours] + list(ours.trainable_weights)
    our_grads = kerasish.backend.tensor.gradients(our_loss, sources)
    their_grads = tape.gradient(their_loss, [x_t] + list(theirs.trainable_weights))
    for a, b in zip(our_grads, their_grads):
        assert_close(np.asarray(a), np.asarray(b), RECURRENT, f"{stack} gradient")


# ------------------------------------------------- embeddings and optimizers

# Every row of the batch repeats token 1; token 3 repeats in the second row.
TOKENS = np.array([[1, 1, 2, 1], [3, 1, 3, 0], [4, 4, 4, 4]])

OPTIMIZERS = {
    "Adam": lambda m: m.optimizers.Adam(0.1),
    "Adam[amsgrad]": lambda m: m.optimizers.Adam(0.05, amsgrad=True),
    "AdamW": lambda m: m.optimizers.AdamW(0.1, weight_decay=0.01),
    "Nadam": lambda m: m.optimizers.Nadam(0.1),
    "Adamax": lambda m: m.optimizers.Adamax(0.1),
    "RMSprop": lambda m: m.optimizers.RMSprop(0.05),
    "RMSprop[momentum,centered]": lambda m: m.optimizers.RMSprop(0.05, momentum=0.5,
                                                                 centered=True),
    "Adagrad": lambda m: m.optimizers.Adagrad(0.1),
    "Adadelta": lambda m: m.optimizers.Adadelta(1.0),
    "Ftrl": lambda m: m.optimizers.Ftrl(0.1),
    "Lion": lambda m: m.optimizers.Lion(0.01),
    "Lamb": lambda m: m.optimizers.Lamb(0.1),
    "SGD[momentum]": lambda m: m.optimizers.SGD(0.1, momentum=0.9),
    "Adafactor": lambda m: m.optimizers.Adafactor(0.1),
    "Muon": lambda m: m.optimizers.Muon(0.05),
    # Clipping: clipnorm and clipvalue keep TensorFlow's slices, global_clipnorm makes them dense.
    "Adam[clipnorm]": lambda m: m.optimizers.Adam(0.1, clipnorm=0.05),
    "Adam[global_clipnorm]": lambda m: m.optimizers.Adam(0.1, global_clipnorm=0.05),
    "Adam[clipvalue]": lambda m: m.optimizers.Adam(0.1, clipvalue=0.01),
    "Adam[ema]": lambda m: m.optimizers.Adam(0.1, use_ema=True),
}


def _embedding_model(m, optimizer, shared=False, regularizer=None):
    tokens = m.Input((4,), dtype="int32")
    embedding = m.layers.Embedding(6, 3, embeddings_regularizer=regularizer)
    x = m.layers.GlobalAveragePooling1D()(embedding(tokens))
    if shared:  # the same table looked up twice: two sets of slices for one variable
        reversed_tokens = m.layers.Lambda(lambda t: t[:, ::-1])(tokens)
        x = m.layers.Concatenate()([x, m.layers.GlobalMaxPooling1D()(embedding(reversed_tokens))])
    model = m.Model(tokens, m.layers.Dense(1, use_bias=False)(x))
    model.compile(optimizer, "mse")
    return model


def _trained_pair(optimizer, steps=3, **options):
    ours = _embedding_model(kerasish, OPTIMIZERS[optimizer](kerasish), **options)
    theirs = _embedding_model(real_keras(), OPTIMIZERS[optimizer](real_keras()), **options)
    rng = np.random.default_rng(0)
    ours.set_weights([rng.normal(size=np.shape(w)).astype("float32") for w in ours.get_weights()])
    theirs.set_weights(ours.get_weights())
    y = rng.normal(size=(3, 1)).astype("float32")
    for _ in range(steps):
        ours.train_on_batch(TOKENS, y)
        theirs.train_on_batch(TOKENS, y)
    return ours, theirs


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS), ids=list(OPTIMIZERS))
def test_embedding_with_repeated_tokens_trains_like_keras(optimizer):
    ours, theirs = _trained_pair(optimizer)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(a, b, TRAINING, f"{optimizer}: weights after 3 steps")


@pytest.mark.parametrize("options", [{"shared": True}, {"regularizer": "l2"}],
                         ids=["shared table", "regularized table"])
def test_embedding_gradient_sums_with_other_gradients_like_keras(options):
    ours, theirs = _trained_pair("Adam", **options)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(a, b, TRAINING, f"{options}: weights after 3 steps")


def test_tape_gradient_and_apply_gradients_match_keras():
    """A custom loop: the gradient the tape gives is the dense sum (as
    tf.convert_to_tensor of Keras's IndexedSlices), and Adam applied to it
    moves the table as Keras's does."""
    weights = np.random.default_rng(1).normal(size=(6, 3)).astype("float32")
    results = []
    for m in (kerasish, real_keras()):
        layer = m.layers.Embedding(6, 3, weights=[weights])
        optimizer = m.optimizers.Adam(0.1)
        for _ in range(2):
            if m is kerasish:
                with m.GradientTape() as tape:
                    loss = m.ops.sum(m.ops.square(layer(TOKENS)))
                (grad,) = tape.gradient(loss, layer.trainable_weights)
            else:
                tensorflow = tf()
                with tensorflow.GradientTape() as tape:
                    loss = tensorflow.reduce_sum(tensorflow.square(layer(TOKENS)))
                (grad,) = tape.gradient(loss, layer.trainable_weights)
            optimizer.apply_gradients([(grad, layer.embeddings)])
        results.append((np.asarray(tf().convert_to_tensor(grad)) if m is not kerasish
                        else np.asarray(grad), layer.get_weights()[0]))
    (our_grad, our_table), (their_grad, their_table) = results
    assert_close(our_grad, their_grad, REDUCTION, "dense gradient")
    assert_close(our_table, their_table, TRAINING, "table after 2 Adam steps")


# ------------------------------------------------------------- input_length


def test_input_length_warns_like_keras():
    caught = []
    for m in (kerasish, real_keras()):
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            layer = m.layers.Embedding(5, 2, input_length=7)
        caught.append([(str(w.message), w.category) for w in record])
        config = layer.get_config()
        config.pop("name")
        caught.append(config)
    assert caught[0] == caught[2]
    assert caught[1] == caught[3]
