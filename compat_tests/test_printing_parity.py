"""What fit/evaluate/predict print (verbose=1 and 2) against Keras, captured
from stdout. Timings ("0s", "12ms/step") differ by nature and the redraw
backspaces and the space padding that clears a longer previous line depend
on their length, and which intermediate redraws appear depends on speed (a
redraw waits 0.05 s), so only the final state of each redrawn line is
compared, timings normalized; the logged values are compared as numbers."""

import re

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import TRAINING, assert_close, captured_stdout, real_keras, terminal_columns

X = np.random.default_rng(0).normal(size=(10, 3)).astype(np.float32)
Y = (X[:, :1] > 0).astype(np.float32)

TIME = re.compile(r"\b\d+(?:\.\d+)?(?:s|ms|us)(?:/step)?")
BACKSPACES = re.compile("\x08+")
PADDING = re.compile(" +(?=\n)")
VALUE = re.compile(r"(: )(-?\d+\.\d+(?:e[-+]\d+)?)")


def _normalize(text):
    """Each line as finally shown (after its last carriage return), with
    timings replaced, and the values it shows."""
    redrawn = "\r" in text
    text = "\n".join(line.rsplit("\r", 1)[-1] for line in text.split("\n"))
    text = PADDING.sub("", BACKSPACES.sub("", TIME.sub("<time>", text)))
    values = [float(v) for _, v in VALUE.findall(text)]
    return (redrawn, VALUE.sub(r"\1<value>", text)), values


def _pair():
    models = []
    for m in (kerasish, real_keras()):
        model = m.Sequential([m.Input((3,)), m.layers.Dense(1, activation="sigmoid")])
        model.compile(m.optimizers.SGD(0.1), "binary_crossentropy", metrics=["accuracy"])
        models.append(model)
    models[1].set_weights(models[0].get_weights())
    return models


CALLS = {
    "fit": lambda model, v: model.fit(X, Y, epochs=2, batch_size=4, verbose=v,
                                                 validation_split=0.2, shuffle=False),
    "evaluate": lambda model, v: model.evaluate(X, Y, batch_size=4, verbose=v),
    "predict": lambda model, v: model.predict(X, batch_size=4, verbose=v),
}


@pytest.mark.parametrize("verbose", [1, 2])
@pytest.mark.parametrize("call", list(CALLS))
def test_printed_progress_matches_keras(call, verbose):
    ours, theirs = _pair()
    with terminal_columns(80):
        our_text, our_values = _normalize(captured_stdout(CALLS[call], ours, verbose))
        their_text, their_values = _normalize(captured_stdout(CALLS[call], theirs, verbose))
    assert our_text == their_text
    assert_close(our_values, their_values, TRAINING, f"{call} printed values")
