"""`summary(show_trainable=..., expand_nested=..., layer_range=...)` against
Keras: the printed text (ANSI codes stripped, 80 columns) and the errors.

The models cover a Sequential with frozen, weightless and partly trainable
layers, a functional model with a "Connected to" column, Sequential models
nested in a Sequential, two levels of nesting in a functional model (the
inner one frozen), and a nested model inside a functional graph that is not a
plain chain (its inner layers get "-" as their connections).
"""

import pytest

import kerasish
from compat_tests.helpers import captured_stdout, real_keras, reset_names, terminal_columns


def _sequential(m):
    frozen = m.layers.Dense(5, activation="relu", name="hidden")
    frozen.trainable = False
    return m.Sequential([m.Input((4, 2)), m.layers.Flatten(name="flat"), frozen,
                         m.layers.Dropout(0.5, name="drop"), m.layers.BatchNormalization(name="bn"),
                         m.layers.Dense(1, name="out")], name="seq")


def _functional(m):
    a, b = m.Input((6,), name="a"), m.Input((6,), name="b")
    joined = m.layers.Concatenate(name="cat")([m.layers.Dense(4, name="da")(a),
                                               m.layers.Dense(4, name="db")(b)])
    model = m.Model([a, b], m.layers.Dense(2, name="head")(joined), name="func")
    model.get_layer("db").trainable = False
    return model


def _nested_sequential(m):
    inner = m.Sequential([m.Input((3,)), m.layers.Dense(4, name="inner_dense"),
                          m.layers.Dense(2, name="inner_out")], name="inner")
    tail = m.Sequential([m.Input((2,)), m.layers.Dense(3, name="tail_dense")], name="tail")
    return m.Sequential([m.Input((3,)), inner, m.layers.Dense(2, name="after"), tail],
                        name="outer")


def _two_levels(m):
    innermost = m.Sequential([m.Input((3,)), m.layers.Dense(3, name="core")], name="innermost")
    middle = m.Sequential([m.Input((3,)), innermost, m.layers.Dense(3, name="middle_dense")],
                          name="middle")
    inputs = m.Input((3,), name="x")
    model = m.Model(inputs, m.layers.Dense(1, name="final")(middle(inputs)), name="deep")
    innermost.trainable = False
    return model


def _nested_in_graph(m):
    p, q = m.Input((3,), name="p"), m.Input((3,), name="q")
    block = m.Sequential([m.Input((3,)), m.layers.Dense(3, name="blk_dense")], name="block")
    added = m.layers.Add(name="add")([block(p), q])
    return m.Model([p, q], m.layers.Dense(1, name="o")(added), name="nf")


MODELS = [_sequential, _functional, _nested_sequential, _two_levels, _nested_in_graph]
IDS = [f.__name__.strip("_") for f in MODELS]


def _pair(factory):
    reset_names()
    return factory(kerasish), factory(real_keras())


def _same_text(factory, columns=80, **kwargs):
    ours, theirs = _pair(factory)
    with terminal_columns(columns):
        our_text = captured_stdout(ours.summary, **kwargs)
        their_text = captured_stdout(theirs.summary, **kwargs)
    assert our_text == their_text


@pytest.mark.parametrize("factory", MODELS, ids=IDS)
@pytest.mark.parametrize("kwargs", [{}, {"line_length": 60}, {"line_length": 130}],
                         ids=["default", "narrow", "wide"])
def test_show_trainable_matches_keras(factory, kwargs):
    _same_text(factory, show_trainable=True, **kwargs)


@pytest.mark.parametrize("factory", MODELS, ids=IDS)
@pytest.mark.parametrize("show_trainable", [False, True])
def test_expand_nested_matches_keras(factory, show_trainable):
    _same_text(factory, expand_nested=True, show_trainable=show_trainable)


def test_expand_nested_wraps_indented_names_like_keras():
    # 40 columns: "   └ blk_dense (Dense)" no longer fits and wraps.
    _same_text(_nested_in_graph, line_length=40, expand_nested=True, show_trainable=True)


def test_show_trainable_on_a_wide_terminal_matches_keras():
    _same_text(_two_levels, columns=200, show_trainable=True, expand_nested=True)


def test_wrapped_header_cells_sit_at_the_bottom_like_keras():
    _same_text(_sequential, show_trainable=True, positions=[0.5, 0.7, 1.0])


@pytest.mark.parametrize("factory, layer_range", [
    (_sequential, ["hidden", "bn"]),
    (_sequential, ["bn", "hidden"]),   # reversed: Keras swaps the ends
    (_sequential, ["d", "d"]),         # regular expressions matched at the start
    (_functional, ["b", "cat"]),
    (_nested_sequential, [".*", "after"]),
    (_two_levels, ["middle", "middle"]),
    (_nested_in_graph, ["block", "add"]),
], ids=["seq", "reversed", "regex", "functional", "nested", "one", "graph"])
@pytest.mark.parametrize("expand_nested", [False, True])
def test_layer_range_matches_keras(factory, layer_range, expand_nested):
    _same_text(factory, layer_range=layer_range, expand_nested=expand_nested,
               show_trainable=expand_nested)


@pytest.mark.parametrize("layer_range", [["a"], ["a", "b", "c"], [1, 2], ["zz", "out"],
                                         ["flat", "zz"]])
def test_bad_layer_range_raises_keras_error(layer_range):
    ours, theirs = _pair(_sequential)
    with pytest.raises(ValueError) as keras_error:
        theirs.summary(layer_range=layer_range)
    with pytest.raises(ValueError) as our_error:
        ours.summary(layer_range=layer_range)
    assert str(our_error.value) == str(keras_error.value)
