"""keras.utils helpers and clone_model: behaviour and errors."""

import numpy as np
import pytest

import kerasish
from kerasish import utils


def test_pad_sequences_refuses_bad_sequences():
    with pytest.raises(ValueError, match="must be iterable"):
        utils.pad_sequences(5)
    with pytest.raises(ValueError, match="Found non-iterable: 3"):
        utils.pad_sequences([[1, 2], 3])
    with pytest.raises(ValueError, match="Shape of sample"):
        utils.pad_sequences([np.ones((2, 3)), np.ones((2, 4))])


def test_pad_sequences_of_empty_lists():
    assert utils.pad_sequences([[], []]).shape == (2, 0)
    np.testing.assert_array_equal(utils.pad_sequences([[], [1]], maxlen=2), [[0, 0], [0, 1]])


def test_unpack_refuses_long_tuples():
    with pytest.raises(ValueError, match="Data is expected to be in format"):
        utils.unpack_x_y_sample_weight((1, 2, 3, 4))


def test_split_dataset_shuffles_reproducibly_and_keeps_rows_together():
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    (xl, yl), (xr, yr) = utils.split_dataset((x, y), left_size=0.8, shuffle=True, seed=3)
    (xl2, _), _ = utils.split_dataset((x, y), left_size=0.8, shuffle=True, seed=3)
    np.testing.assert_array_equal(xl, xl2)
    np.testing.assert_array_equal(xl[:, 0] // 2, yl)
    assert sorted(np.concatenate([yl, yr]).tolist()) == list(range(10))
    left, right = utils.split_dataset(np.arange(5), right_size=2)
    np.testing.assert_array_equal(right, [3, 4])
    with pytest.raises(ValueError, match="same number of samples"):
        utils.split_dataset((np.ones(3), np.ones(4)), left_size=1)
    with pytest.raises(TypeError, match="must be a NumPy array"):
        utils.split_dataset(5, left_size=1)


def test_get_file_explains_that_it_cannot_download(tmp_path):
    with pytest.raises(ValueError, match="cannot download files.*not in the local cache"):
        utils.get_file("missing.npz", origin="https://example.invalid/missing.npz",
                       cache_dir=str(tmp_path))
    with pytest.raises(ValueError, match='specify the "origin"'):
        utils.get_file("x")
    with pytest.raises(ValueError, match="Paths are no longer accepted"):
        utils.get_file("a/b.txt", origin="https://example.invalid/b.txt")


def test_get_file_checks_the_hash(tmp_path):
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "f.txt").write_text("data")
    with pytest.raises(ValueError, match="hash does not match"):
        utils.get_file("f.txt", origin="https://example.invalid/f.txt", cache_dir=str(tmp_path),
                       md5_hash="0" * 32)


def test_get_file_reads_keras_home(tmp_path, monkeypatch):
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "g.txt").write_text("data")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert utils.get_file(origin="https://example.invalid/g.txt") == \
        str(tmp_path / "datasets" / "g.txt")


def test_config_is_a_mapping():
    config = utils.Config(b=2, a=1)
    assert "a" in config and dict(config.items()) == {"b": 2, "a": 1}
    del config["a"]
    assert config.pop("b") == 2 and len(config) == 0
    assert repr(utils.Config(x=1)) == "<Config {'x': 1}>"


def test_get_source_inputs_of_a_non_symbolic_value_returns_it():
    x = np.ones(2)
    assert utils.get_source_inputs(x) is x


def test_clone_model_refuses_unknown_arguments_and_mismatched_inputs():
    model = kerasish.Sequential([kerasish.Input((2,)), kerasish.layers.Dense(1)])
    with pytest.raises(ValueError, match="Unexpected keyword argument"):
        kerasish.models.clone_model(model, copy_weights=True)
    a = kerasish.Input((2,))
    functional = kerasish.Model(a, kerasish.layers.Dense(1)(a))
    with pytest.raises(ValueError, match="same number of tensors"):
        kerasish.models.clone_model(functional, input_tensors=[kerasish.Input((2,)),
                                                               kerasish.Input((2,))])


def test_clone_model_on_new_inputs_and_of_a_subclassed_model():
    a = kerasish.Input((3,))
    model = kerasish.Model(a, kerasish.layers.Dense(2)(a))
    new_input = kerasish.Input((3,), name="new")
    clone = kerasish.models.clone_model(model, input_tensors=new_input)
    assert clone.inputs[0] is new_input

    class Tiny(kerasish.Model):
        def __init__(self, units=2, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.dense = kerasish.layers.Dense(units)

        def call(self, x):
            return self.dense(x)

        def get_config(self):
            return {"units": self.units}

    copy = kerasish.models.clone_model(Tiny(units=4))
    assert isinstance(copy, Tiny) and copy.units == 4
    with pytest.raises(ValueError, match="only supported for Sequential"):
        kerasish.models.clone_model(Tiny(), clone_function=lambda layer: layer)


def test_cloned_model_trains():
    model = kerasish.Sequential([kerasish.Input((3,)), kerasish.layers.Dense(1)])
    clone = kerasish.models.clone_model(model)
    clone.compile("sgd", "mse")
    history = clone.fit(np.ones((8, 3)), np.zeros((8, 1)), epochs=2, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
