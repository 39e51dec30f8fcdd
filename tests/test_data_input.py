"""Inputs to fit/evaluate/predict beyond arrays: generators, PyDataset (with
workers), steps_per_epoch rules, validation data as a stream, and the errors
for bad streams."""

import sys
import threading
import time
import traceback
import types
import warnings

import numpy as np
import pytest

import kerasish as keras

X = (np.arange(60, dtype="float32").reshape(20, 3) / 60.0)
Y = np.ones((20, 1), "float32")


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    return model


def _batches(n=5, size=4, weights=False):
    for i in range(n):
        batch = (X[i * size:(i + 1) * size], Y[i * size:(i + 1) * size])
        yield batch + (np.full(size, 0.5, "float32"),) if weights else batch


class Squares(keras.utils.PyDataset):
    def __init__(self, n=5, size=4, delay=0.0, fail_at=None, **kwargs):
        super().__init__(**kwargs)
        self.n, self.size, self.delay, self.fail_at = n, size, delay, fail_at
        self.epochs_ended = 0
        self.threads = set()

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay)
        if index == self.fail_at:
            raise RuntimeError(f"cannot read batch {index}")
        return X[index * self.size:(index + 1) * self.size], Y[index * self.size:(index + 1) * self.size]

    def on_epoch_end(self):
        self.epochs_ended += 1


def _fit(data, **kwargs):
    model = _model()
    return model, model.fit(data, verbose=0, shuffle=False, **kwargs).history


def test_generator_pydataset_and_arrays_train_alike():
    _, arrays = _fit(X, y=Y, batch_size=4, epochs=1)
    _, generator = _fit(_batches(), epochs=1)
    _, dataset = _fit(Squares(), epochs=1)
    assert arrays == generator == dataset


def test_pydataset_with_workers_gives_the_same_history_and_loads_in_threads():
    _, single = _fit(Squares(), epochs=3)
    data = Squares(workers=2, max_queue_size=3)
    _, threaded = _fit(data, epochs=3)
    assert single == threaded
    assert data.epochs_ended == 3
    assert all(name.startswith("pydataset_worker") for name in data.threads)


def test_pydataset_with_processes():
    _, single = _fit(Squares(), epochs=2)
    _, processes = _fit(Squares(workers=2, use_multiprocessing=True), epochs=2)
    assert single == processes


def test_pydataset_loading_overlaps_training():
    data = Squares(n=20, size=1, delay=0.02, workers=4)
    start = time.perf_counter()
    _fit(data, epochs=1)
    # 20 batches of 20 ms loaded by 4 threads: well under the 0.4 s of serial loading.
    assert time.perf_counter() - start < 0.3


def test_generator_with_sample_weights_and_dict_inputs():
    inputs = keras.Input((3,), name="features")
    model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer="sgd", loss="mse")

    def dict_batches():
        for x, y, w in _batches(weights=True):
            yield {"features": x}, y, w

    history = model.fit(dict_batches(), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_generator_function_ending_each_epoch_replays_its_first_batches_as_keras():
    with pytest.warns(UserWarning, match="ran out of data"):
        model, history = _fit(_batches(), epochs=3)
    # Epochs 2 and 3 only see the two batches read ahead, as with Keras.
    assert model.optimizer.iterations.numpy() == 5 + 2 + 2
    assert len(history["loss"]) == 3


def test_steps_per_epoch_continues_the_stream_across_epochs():
    model, history = _fit(_batches(n=6, size=3), epochs=3, steps_per_epoch=2)
    assert model.optimizer.iterations.numpy() == 6
    assert len(history["loss"]) == 3


def test_generator_ending_before_steps_per_epoch_warns_and_stops_the_epoch():
    with pytest.warns(UserWarning, match="Your input ran out of data"):
        model, history = _fit(_batches(n=5), epochs=2, steps_per_epoch=4)
    assert model.optimizer.iterations.numpy() == 5


def test_infinite_generator_and_infinite_pydataset_with_steps_per_epoch():
    def forever():
        while True:
            yield X[:4], Y[:4]

    class Endless(keras.utils.PyDataset):
        @property
        def num_batches(self):
            return None

        def __getitem__(self, index):
            return X[:4], Y[:4]

    for data in (forever(), Endless()):
        model, history = _fit(data, epochs=2, steps_per_epoch=3)
        assert model.optimizer.iterations.numpy() == 6


def test_steps_per_epoch_with_arrays_follows_keras():
    # batch_size 4 on 20 samples: 5 batches; 2 steps per epoch walk through them.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = _model()
        history = model.fit(X, Y, batch_size=4, steps_per_epoch=2, epochs=3, verbose=0)
    assert model.optimizer.iterations.numpy() == 2 + 2 + 1
    assert len(history.history["loss"]) == 3
    # Without batch_size the steps cover the data: ceil(20 / 3) = 7 samples per batch.
    model = _model()
    model.fit(X, Y, steps_per_epoch=3, epochs=1, verbose=0)
    assert model.optimizer.iterations.numpy() == 3


def test_validation_data_as_generator_pydataset_with_steps_and_freq():
    _, history = _fit(X, y=Y, batch_size=4, epochs=4, validation_data=Squares(),
                      validation_freq=2)
    assert len(history["val_loss"]) == 2
    _, history = _fit(X, y=Y, batch_size=4, epochs=2, validation_data=Squares(),
                      validation_steps=2)
    model = _model()
    expected = model.evaluate(X[:8], Y[:8], batch_size=4, verbose=0, return_dict=True)
    model = _model()
    model.fit(X, Y, batch_size=4, epochs=1, verbose=0, shuffle=False)
    assert np.isfinite(history["val_loss"]).all() and expected["loss"] > 0
    _, history = _fit(X, y=Y, batch_size=4, epochs=1, validation_data=_batches())
    assert len(history["val_mae"]) == 1


def test_evaluate_and_predict_take_streams_with_steps():
    model = _model()
    model.fit(X, Y, epochs=1, verbose=0)  # weights that give a non-zero loss
    full = model.evaluate(X, Y, batch_size=4, verbose=0)
    assert model.evaluate(Squares(), verbose=0) == pytest.approx(full)
    assert model.evaluate(_batches(), verbose=0) == pytest.approx(full)
    first_two = model.evaluate(X[:8], Y[:8], batch_size=4, verbose=0)
    assert model.evaluate(Squares(), steps=2, verbose=0) == pytest.approx(first_two)
    np.testing.assert_array_equal(model.predict(Squares(), verbose=0),
                                  model.predict(X, batch_size=4, verbose=0))
    assert model.predict(Squares(), steps=2, verbose=0).shape == (8, 1)
    x_only = ((X[i * 4:(i + 1) * 4],) for i in range(5))
    assert model.predict(x_only, verbose=0).shape == (20, 1)


def test_last_partial_batch_is_used():
    model = _model()
    model.fit(Squares(n=3, size=7), epochs=1, verbose=0)  # 7, 7, 6 samples
    assert model.predict(Squares(n=3, size=7), verbose=0).shape == (20, 1)
    assert model.optimizer.iterations.numpy() == 3


def test_class_weight_with_pydataset():
    model = _model()
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    history = model.fit(Squares(), class_weight={1: 2.0}, epochs=1, verbose=0)
    unweighted = _model()
    unweighted.compile(optimizer="sgd", loss="binary_crossentropy")
    first = unweighted.fit(Squares(n=1), epochs=1, verbose=0).history["loss"][0]
    assert history.history["loss"][0] != first


def test_pydataset_shuffle_uses_python_random_order():
    data = Squares(n=5)
    model = _model()
    model.fit(data, epochs=1, verbose=0, shuffle=True)
    assert model.optimizer.iterations.numpy() == 5


def test_tf_style_dataset_methods_of_batch_dataset():
    series = keras.utils.timeseries_dataset_from_array(np.arange(20), None, 4, batch_size=5)
    assert len(series) == 4 and len(series.take(2)) == 2
    doubled = series.map(lambda batch: batch * 2)
    np.testing.assert_array_equal(next(iter(doubled))[0], [0, 2, 4, 6])
    assert series.cache() is series and series.prefetch(1) is series


# ------------------------------------------------------------------ bad input

def test_generator_changing_structure_mid_epoch_is_a_clear_error():
    def changing():
        yield X[:4], Y[:4]
        yield X[4:8], Y[4:8]
        yield (X[8:12],)

    model = _model()
    with pytest.raises(ValueError, match="batch 2 is .*first batches were"):
        model.fit(changing(), epochs=1, verbose=0)


def test_generator_changing_shapes_mid_epoch_is_a_clear_error():
    def changing():
        yield X[:4], Y[:4]
        yield X[4:8], Y[4:8]
        yield X[8:12, :2], Y[8:12]

    model = _model()
    with pytest.raises(ValueError, match=r"array of shape \(None, 2\)"):
        model.fit(changing(), epochs=1, verbose=0)


def test_first_two_batches_may_differ_in_a_variable_dimension():
    model = keras.Sequential([keras.Input((None, 2)), keras.layers.GlobalAveragePooling1D(),
                              keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")

    def sequences():
        for length in (3, 5, 4):
            yield np.ones((2, length, 2), "float32"), np.ones((2, 1), "float32")

    assert model.fit(sequences(), epochs=1, verbose=0).history["loss"]


def test_generator_yielding_non_tuples_is_refused_as_keras_does():
    model = _model()
    with pytest.raises(ValueError, match=r"must return a tuple, either \(input,\)"):
        model.predict((X[i:i + 2] for i in range(3)), verbose=0)
    with pytest.raises(ValueError, match="at least one batch"):
        model.fit((b for b in []), verbose=0)


def test_pydataset_getitem_error_surfaces_with_traceback_and_no_half_step():
    for workers in (1, 2):
        model = _model()
        data = Squares(fail_at=3, workers=workers)
        with pytest.raises(RuntimeError, match="cannot read batch 3") as info:
            model.fit(data, epochs=1, verbose=0, shuffle=False)
        frames = "".join(traceback.format_exception(info.value))
        assert "__getitem__" in frames
        # Batches 0-2 trained, batch 3 never reached the model.
        assert model.optimizer.iterations.numpy() == 3
        reference = _model()
        reference.fit(X[:12], Y[:12], batch_size=4, shuffle=False, verbose=0)
        for a, b in zip(model.get_weights(), reference.get_weights()):
            np.testing.assert_allclose(a, b, rtol=1e-6)


def test_pydataset_returning_a_bad_batch_is_a_clear_error():
    class Bad(keras.utils.PyDataset):
        def __init__(self):
            self.size = 1  # forgets super().__init__()

        def __len__(self):
            return self.size

        def __getitem__(self, index):
            return "not a batch"

    with pytest.warns(UserWarning, match="super\\(\\).__init__"):
        with pytest.raises(ValueError, match="must return a tuple or a dict"):
            _model().fit(Bad(), verbose=0)


def test_targets_or_weights_beside_a_stream_are_refused():
    model = _model()
    with pytest.raises(ValueError, match="`y` should not be passed"):
        model.fit(Squares(), Y, verbose=0)
    with pytest.raises(ValueError, match="`sample_weights` should not be passed"):
        model.fit(_batches(), sample_weight=np.ones(20), verbose=0)
    with pytest.raises(ValueError, match="`class_weight` is not supported for generator"):
        model.fit(_batches(), class_weight={0: 1.0}, verbose=0)
    with pytest.raises(ValueError, match="`validation_split` is only supported"):
        model.fit(Squares(), validation_split=0.2, verbose=0)


def test_bad_steps_values_are_refused():
    model = _model()
    for kwargs in ({"steps_per_epoch": 0}, {"steps_per_epoch": 1.5},
                   {"validation_steps": -1}):
        with pytest.raises(ValueError, match="must be a positive integer"):
            model.fit(X, Y, verbose=0, **kwargs)


def test_shuffle_true_with_a_generator_warns_as_keras():
    with pytest.warns(UserWarning, match="`shuffle=True` was passed, but will be ignored"):
        _model().fit(_batches(), verbose=0)


# ------------------------------------------------------- optional libraries

def test_a_torch_style_data_loader_is_iterated_as_numpy():
    # A stand-in with the class path of torch's DataLoader (torch is not a
    # dependency): batches of objects with `.detach().cpu().numpy()`.
    class FakeTensor:
        def __init__(self, array):
            self.array = array

        def detach(self):
            return self

        def cpu(self):
            return self

        def numpy(self):
            return self.array

    DataLoader = type("DataLoader", (), {
        "__module__": "torch.utils.data.dataloader",
        "__len__": lambda self: 5,
        "__iter__": lambda self: iter([FakeTensor(x), FakeTensor(y)] for x, y in _batches()),
    })
    _, history = _fit(DataLoader(), epochs=2)
    _, expected = _fit(Squares(), epochs=2)
    assert history == expected
    assert "torch" not in sys.modules or isinstance(sys.modules["torch"], types.ModuleType)


def test_tf_data_dataset_is_iterated_as_numpy():
    tf = pytest.importorskip("tensorflow")
    dataset = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)
    _, history = _fit(dataset, epochs=2)
    _, expected = _fit(Squares(), epochs=2)
    assert history == expected
    endless = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4).repeat()
    model, _ = _fit(endless, epochs=2, steps_per_epoch=3)
    assert model.optimizer.iterations.numpy() == 6
