"""`kerasish.saving` against `keras.saving`: KerasFileEditor."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras


def _model(m):
    model = m.Sequential([m.Input((3,)), m.layers.Dense(4, name="hidden"),
                          m.layers.Dense(2, name="out")], name="net")
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.ones((4, 3)), np.ones((4, 2)), epochs=1, verbose=0)
    return model


def _flatten(weights, prefix=""):
    flat = {}
    for key, value in weights.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}/"))
        else:
            flat[prefix + key] = np.asarray(value)
    return flat


@pytest.mark.parametrize("extension", [".keras", ".weights.h5"])
def test_file_editor_reads_keras_files_as_keras_does(tmp_path, extension):
    keras = real_keras()
    model = _model(keras)
    path = str(tmp_path / f"model{extension}")
    model.save(path) if extension == ".keras" else model.save_weights(path)
    ours = _flatten(kerasish.saving.KerasFileEditor(path).weights_dict)
    theirs = _flatten(keras.saving.KerasFileEditor(path).weights_dict)
    assert sorted(ours) == sorted(theirs)
    for key in theirs:
        np.testing.assert_array_equal(ours[key], theirs[key])


def test_edited_file_loads_in_keras(tmp_path):
    keras = real_keras()
    ours_model = _model(kerasish)
    source = str(tmp_path / "ours.weights.h5")
    ours_model.save_weights(source)
    editor = kerasish.saving.KerasFileEditor(source)
    # Keras's files key layers by class (dense, dense_1), not by layer name.
    editor.rename_object("layers/dense", "dense_first")
    editor.delete_object("optimizer")
    edited = str(tmp_path / "edited.weights.h5")
    editor.save(edited)
    editor.rename_object("dense_first", "dense")
    editor.save(edited)
    theirs = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, name="first"),
                               keras.layers.Dense(2, name="out")])
    theirs.load_weights(edited)
    for ours_weight, their_weight in zip(ours_model.get_weights(), theirs.get_weights()):
        np.testing.assert_array_equal(ours_weight, their_weight)
    their_editor = keras.saving.KerasFileEditor(edited)
    assert sorted(_flatten(their_editor.weights_dict)) == \
        sorted(_flatten(kerasish.saving.KerasFileEditor(edited).weights_dict))


def test_file_editor_compare_and_errors(tmp_path, capsys):
    model = _model(kerasish)
    path = str(tmp_path / "model.keras")
    model.save(path)
    editor = kerasish.saving.KerasFileEditor(path)
    assert editor.compare(model)["status"] == "success"
    editor.delete_weight("dense", "1")
    assert editor.compare(model)["status"] == "error"
    editor.add_weights("dense", {"1": np.zeros(4, dtype="float32")})
    assert editor.compare(model)["status"] == "success"
    editor.summary()
    assert "Saved with Keras" in capsys.readouterr().out
    with pytest.raises(ValueError, match="should be a dict"):
        editor.add_object("layers/extra", [np.zeros(2)])
    with pytest.raises(ValueError, match="not found"):
        editor.rename_object("missing", "x")
    with pytest.raises(ValueError, match="Weight 7 not found"):
        editor.delete_weight("dense", "7")
    with pytest.raises(ValueError, match="expected a `.weights.h5` extension"):
        editor.save(str(tmp_path / "model.h5"))
    with pytest.raises(ValueError, match="Invalid filename"):
        kerasish.saving.KerasFileEditor(str(tmp_path / "model.bin"))
