"""`summary(show_trainable=..., expand_nested=..., layer_range=...)` without
TensorFlow; compat_tests/test_summary_arguments.py compares the text with Keras's."""

import pytest

import kerasish as keras
from kerasish import layers
from kerasish.utils.summary_utils import _wrap


def nested_model():
    inner = keras.Sequential([keras.Input((3,)), layers.Dense(4, name="inner_dense")],
                             name="inner")
    inner.trainable = False
    return keras.Sequential([keras.Input((3,)), inner, layers.Dropout(0.1, name="drop"),
                             layers.Dense(2, name="out")], name="outer")


def table_rows(model, **kwargs):
    lines = []
    model.summary(line_length=70, print_fn=lines.append, **kwargs)
    return [line for line in lines[0].splitlines() if line.startswith("│")]


def test_trainable_column_says_y_n_or_dash():
    rows = table_rows(nested_model(), show_trainable=True)
    assert [row.split("│")[-2].strip() for row in rows] == ["N", "-", "Y"]


def test_expand_nested_indents_the_inner_layers():
    rows = table_rows(nested_model(), expand_nested=True)
    assert [row.split("│")[1].rstrip() for row in rows] == [
        " inner (Sequential)", "    └ inner_dense (Dense)", " drop (Dropout)", " out (Dense)"]


def test_layer_range_keeps_the_named_layers_and_the_totals():
    full, part = [], []
    nested_model().summary(print_fn=full.append)
    nested_model().summary(print_fn=part.append, layer_range=["drop", "out"])
    rows = [line for line in part[0].splitlines() if line.startswith("│")]
    assert [row.split("│")[1].split()[0] for row in rows] == ["drop", "out"]
    assert full[0].splitlines()[-3:] == part[0].splitlines()[-3:]


@pytest.mark.parametrize("layer_range, message", [
    (["drop"], "layer_range must be a list or tuple of length 2"),
    ([0, 1], "layer_range should contain string type only"),
    (["drop", "nothing"], "Passed layer_names do not match"),
])
def test_bad_layer_range_is_refused(layer_range, message):
    with pytest.raises(ValueError, match=message):
        nested_model().summary(layer_range=layer_range)


def test_too_few_positions_name_the_argument():
    with pytest.raises(ValueError, match=r"`positions` needs one entry per column \(3"):
        nested_model().summary(show_trainable=True, positions=[0.5, 1.0])


def test_wrap_keeps_the_indentation_and_cuts_long_words():
    assert _wrap("   └ blk_dense (Dense)", 15) == ["   └ blk_dense", "(Dense)"]
    assert _wrap("a averyveryverylongword b", 10) == ["a", "averyvery…", "b"]
