"""What the documentation says about kerasish next to real Keras, checked.

* docs/pages/compatibility.md is what docs/compat_matrix.py generates now.
* Each difference on docs/pages/differences.md still holds: every test below
  asserts both kerasish's behaviour and Keras's, so it fails as soon as either
  side changes, and the page must then change with it.
* The round trip through real Keras shown in docs/pages/guides/saving.md works.
"""

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, assert_close, real_keras

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_compatibility_matrix_is_current():
    result = subprocess.run(
        [sys.executable, os.path.join(REPO, "docs", "compat_matrix.py"), "--check"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, (
        "docs/pages/compatibility.md is stale: run `python docs/compat_matrix.py` and commit "
        f"the page.\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    )


# ------------------------------------------------------ differences.md


def _tiny_models():
    keras = real_keras()
    ours = kerasish.Sequential([kerasish.Input((3,)), kerasish.layers.Dense(2)])
    theirs = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    theirs.set_weights(ours.get_weights())
    ours.compile(optimizer="sgd", loss="mse")
    theirs.compile(optimizer="sgd", loss="mse")
    return ours, theirs


def _data(n=8):
    rng = np.random.default_rng(0)
    return rng.random((n, 3), dtype=np.float32), rng.random((n, 2), dtype=np.float32)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_data_is_refused_where_keras_trains_on_it(bad):
    x, y = _data()
    x[0, 0] = bad
    ours, theirs = _tiny_models()
    for run in (lambda m: m.fit(x, y, verbose=0), lambda m: m.evaluate(x, y, verbose=0),
                lambda m: m.predict(x, verbose=0)):
        with pytest.raises(ValueError, match="Argument `x` contains (NaN|inf) values"):
            run(ours)
    history = theirs.fit(x, y, verbose=0)
    assert not np.isfinite(history.history["loss"][0])


def test_steps_per_epoch_with_arrays_is_accepted_as_keras_does():
    x, y = _data()
    ours, theirs = _tiny_models()
    assert len(ours.fit(x, y, batch_size=2, steps_per_epoch=2, verbose=0).history["loss"]) == 1
    assert len(theirs.fit(x, y, batch_size=2, steps_per_epoch=2, verbose=0).history["loss"]) == 1


def test_backend_is_numpy_whatever_keras_backend_says():
    # compat_tests/conftest.py sets KERAS_BACKEND=tensorflow for real Keras.
    assert os.environ["KERAS_BACKEND"] == "tensorflow"
    assert real_keras().backend.backend() == "tensorflow"
    assert kerasish.backend.backend() == "numpy"
    assert kerasish.config.backend() == "numpy"


def test_same_seed_gives_different_initial_weights():
    keras = real_keras()
    kerasish.utils.set_random_seed(0)
    keras.utils.set_random_seed(0)
    ours, theirs = kerasish.layers.Dense(3), keras.layers.Dense(3)
    ours.build((None, 4))
    theirs.build((None, 4))
    assert not np.allclose(ours.get_weights()[0], theirs.get_weights()[0])
    # Repeatable within kerasish, which is what the seed promises.
    kerasish.utils.set_random_seed(0)
    again = kerasish.layers.Dense(3)
    again.build((None, 4))
    np.testing.assert_array_equal(again.get_weights()[0], ours.get_weights()[0])


def test_dtype_policy_is_a_plain_string():
    keras = real_keras()
    assert kerasish.layers.Dense(2).dtype_policy == "float32"
    theirs = keras.layers.Dense(2).dtype_policy
    assert isinstance(theirs, keras.DTypePolicy) and theirs.name == "float32"


UNSUPPORTED_OPTIONS = [
    ("optimizers.SGD", {"loss_scale_factor": 2.0}),
    ("optimizers.SGD", {"gradient_accumulation_steps": 2}),
    ("layers.Dense", {"units": 2, "lora_rank": 2}),
]


def _resolve(module, dotted):
    namespace, name = dotted.split(".")
    return getattr(getattr(module, namespace), name)


@pytest.mark.parametrize("dotted,kwargs", UNSUPPORTED_OPTIONS)
def test_unsupported_options_are_refused_where_keras_accepts_them(dotted, kwargs):
    with pytest.raises(ValueError):
        _resolve(kerasish, dotted)(**kwargs)
    _resolve(real_keras(), dotted)(**kwargs)


def test_dense_quantization_config_is_refused():
    # Keras takes a quantization config object here; kerasish refuses any value.
    with pytest.raises(ValueError, match="quantization"):
        kerasish.layers.Dense(2, quantization_config="int8")


def test_unzipped_and_sharded_saving_are_refused_where_keras_does_them(tmp_path):
    ours, theirs = _tiny_models()
    with pytest.raises(ValueError, match="zip archives only"):
        ours.save(str(tmp_path / "ours.keras"), zipped=False)
    with pytest.raises(ValueError, match="max_shard_size"):
        ours.save_weights(str(tmp_path / "ours.weights.h5"), max_shard_size=0.001)
    with pytest.raises(ValueError, match=r"Unrecognized format=tf_saved_model"):
        ours.export(str(tmp_path / "ours_saved_model"))
    assert not (tmp_path / "ours_saved_model").exists()
    theirs.save(str(tmp_path / "theirs_unzipped"), zipped=False)
    assert (tmp_path / "theirs_unzipped").is_dir()
    theirs.save_weights(str(tmp_path / "theirs.weights.json"), max_shard_size=0.001)
    assert list(tmp_path.glob("theirs*.weights.h5"))
    theirs.export(str(tmp_path / "theirs_saved_model"), verbose=False)
    assert (tmp_path / "theirs_saved_model" / "saved_model.pb").exists()


def _without_ids(dot_text):
    # Both libraries name a box by id(layer), which differs from run to run.
    return re.sub(r"\b\d{6,}\b", "ID", dot_text)


def test_model_to_dot_returns_dot_text_where_keras_needs_pydot(tmp_path, monkeypatch, capsys):
    keras = real_keras()
    from keras.src.utils import model_visualization as keras_visualization

    ours = kerasish.Sequential([kerasish.Input((3,)), kerasish.layers.Dense(2, name="d")])
    theirs = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")])
    graph = kerasish.utils.model_to_dot(ours, show_shapes=True)
    assert graph.to_string().startswith("digraph G {") and not hasattr(graph, "get_nodes")
    monkeypatch.setenv("PATH", "")  # no Graphviz: kerasish still writes a .dot file
    kerasish.utils.plot_model(ours, to_file=str(tmp_path / "ours.dot"))
    assert (tmp_path / "ours.dot").read_text().startswith("digraph G {")
    # Keras needs pydot and Graphviz for any file. Where IPython is installed, TensorFlow
    # imports it, Keras takes this process for a notebook and prints its message instead of
    # raising it.
    if keras_visualization.pydot is None:
        if "IPython.core.magics.namespace" in sys.modules:
            assert keras.utils.plot_model(theirs, to_file=str(tmp_path / "theirs.dot")) is None
            assert "You must install" in capsys.readouterr().out
        else:
            with pytest.raises(ImportError, match="You must install"):
                keras.utils.plot_model(theirs, to_file=str(tmp_path / "theirs.dot"))
        assert not (tmp_path / "theirs.dot").exists()
        with pytest.raises(ImportError, match="You must install pydot"):
            keras.utils.model_to_dot(theirs)
    else:  # pydot happens to be installed: a pydot graph, with the same text as ours
        dot = keras.utils.model_to_dot(theirs, show_shapes=True)
        assert type(dot).__module__.startswith("pydot") and hasattr(dot, "get_nodes")
        assert _without_ids(dot.to_string()) == _without_ids(graph.to_string())


# ----------------------------------------------------- guides/saving.md


def test_saving_guide_round_trip_through_real_keras():
    from kerasish.saving.serialization_lib import serialize_keras_object

    keras = real_keras()
    ours = kerasish.Sequential([
        kerasish.Input((4,)),
        kerasish.layers.Dense(3, activation="relu"),
        kerasish.layers.Dense(2),
    ])
    text = json.dumps(serialize_keras_object(ours))
    theirs = keras.saving.deserialize_keras_object(json.loads(text))
    theirs.set_weights(ours.get_weights())
    x = np.random.default_rng(1).random((5, 4), dtype=np.float32)
    assert_close(theirs.predict(x, verbose=0), ours.predict(x, verbose=0), REDUCTION, "to Keras")

    back = kerasish.Sequential.from_config(theirs.get_config())
    back.set_weights(theirs.get_weights())
    assert_close(back.predict(x, verbose=0), ours.predict(x, verbose=0), REDUCTION, "and back")
