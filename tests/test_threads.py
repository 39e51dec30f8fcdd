"""The thread pool of backend/threads.py: same numbers with one thread or two,
results in block order, errors handed back, the user's thread variables
respected, no threads started at import."""

import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import kerasish as keras
from kerasish.backend import threads

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def thread_count():
    """Sets the pool's thread count for one test, restoring it after."""
    previous = threads.set_thread_count(None)
    yield threads.set_thread_count
    threads.set_thread_count(previous)


def _train_convnet(steps=3):
    """A small convnet (blocked convolutions and pooling, a Dense large
    enough for the blocked GEMM, dropout, Adam) trained a few steps."""
    keras.utils.set_random_seed(7)
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(16, 3, activation="relu", padding="same"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.25),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    rng = np.random.default_rng(0)
    x = rng.random((128 * steps, 28, 28, 1)).astype("float32")
    y = keras.utils.to_categorical(rng.integers(0, 10, 128 * steps), 10)
    model.fit(x, y, batch_size=128, epochs=1, shuffle=False, verbose=0)
    return model.get_weights(), model.predict(x[:64], verbose=0)


def test_convnet_weights_are_identical_with_one_and_two_threads(thread_count):
    thread_count(1)
    weights_one, predictions_one = _train_convnet()
    thread_count(2)
    weights_two, predictions_two = _train_convnet()
    for one, two in zip(weights_one, weights_two):
        np.testing.assert_array_equal(one, two)
    np.testing.assert_array_equal(predictions_one, predictions_two)


def test_blocked_matmul_is_the_same_with_one_and_two_threads(thread_count):
    rng = np.random.default_rng(1)
    a = rng.normal(size=(300, 200)).astype("float32")
    b = rng.normal(size=(200, 100)).astype("float32")
    thread_count(1)
    one = threads.matmul(a, b)
    thread_count(2)
    two = threads.matmul(a, b)
    np.testing.assert_array_equal(one, two)
    np.testing.assert_allclose(one, a @ b, rtol=1e-5, atol=1e-4)
    assert one.dtype == np.float32


def test_map_blocks_keeps_block_order_and_runs_on_several_threads(thread_count):
    thread_count(2)
    barrier = threading.Barrier(2, timeout=10)

    def block(index):
        if index < 2:
            barrier.wait()  # only passes if two threads run blocks at once
        return index * 10, threading.get_ident()

    results = threads.map_blocks(block, list(range(6)))
    assert [value for value, _ in results] == [0, 10, 20, 30, 40, 50]
    assert len({ident for _, ident in results}) == 2


def test_map_blocks_hands_errors_back_to_the_caller(thread_count):
    thread_count(2)

    def block(index):
        if index == 3:
            raise ValueError("block 3 failed")
        return index

    with pytest.raises(ValueError, match="block 3 failed"):
        threads.map_blocks(block, list(range(5)))
    assert threads.map_blocks(lambda i: i, [1, 2]) == [1, 2]  # the pool still works


def test_nested_map_blocks_runs_serially(thread_count):
    thread_count(2)
    inner = threads.map_blocks(lambda i: threads.map_blocks(lambda j: i + j, [0, 1]), [10, 20])
    assert inner == [[10, 11], [20, 21]]


@pytest.mark.parametrize("variable", ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"])
def test_user_thread_variables_cap_the_pool(monkeypatch, thread_count, variable):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert threads.thread_count() == threads.available_cores()
    monkeypatch.setenv(variable, "1")
    assert threads.thread_count() == 1
    monkeypatch.setenv(variable, "64")
    assert threads.thread_count() == threads.available_cores()


def test_set_thread_count_rejects_bad_counts(thread_count):
    for bad in (0, -1, 1.5, "2"):
        with pytest.raises(ValueError, match="`count` must be a positive integer"):
            threads.set_thread_count(bad)


def test_training_policy_runs_openblas_on_one_thread(thread_count):
    functions = threads._openblas_functions()
    if functions is None:
        pytest.skip("OpenBLAS not found")
    getter, setter = functions
    before = getter()
    setter(2)
    try:
        for count in (1, 2):
            thread_count(count)
            with threads.blas_policy_for_training():
                assert getter() == 1
            assert getter() == 2  # restored after
    finally:
        setter(before)


def test_training_runs_openblas_on_one_thread_and_inference_leaves_it(thread_count):
    """fit and train_on_batch pin OpenBLAS to one thread (its idle threads
    would spin against the pool's); inference keeps its threads for the
    large products it cannot split; the count is given back after."""
    functions = threads._openblas_functions()
    if functions is None:
        pytest.skip("OpenBLAS not found")
    getter, setter = functions
    seen = []

    class RecordsBlasThreads(keras.layers.Layer):
        def call(self, inputs):
            seen.append(getter())
            return inputs

    model = keras.Sequential([keras.Input((3,)), RecordsBlasThreads(), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((4, 3), "float32"), np.zeros((4, 1), "float32")
    loops = {
        "fit": (lambda: model.fit(x, y, verbose=0), 1),
        "train_on_batch": (lambda: model.train_on_batch(x, y), 1),
        "evaluate": (lambda: model.evaluate(x, y, verbose=0), 2),
        "predict": (lambda: model.predict(x, verbose=0), 2),
    }
    before = getter()
    setter(2)
    try:
        for name, (loop, expected) in loops.items():
            seen.clear()
            loop()
            assert seen and set(seen) == {expected}, name
            assert getter() == 2, name  # restored after
    finally:
        setter(before)


def test_small_products_run_on_one_openblas_thread(thread_count, monkeypatch):
    functions = threads._openblas_functions()
    if functions is None:
        pytest.skip("OpenBLAS not found")
    getter, setter = functions
    seen = []
    numpy_matmul = np.matmul

    def recording_matmul(*args, **kwargs):
        seen.append(getter())
        return numpy_matmul(*args, **kwargs)

    before = getter()
    setter(2)
    try:
        monkeypatch.setattr(np, "matmul", recording_matmul)
        small = threads.matmul(np.ones((128, 100), "float32"), np.ones((100, 10), "float32"))
        large = threads.matmul(np.ones((32, 784), "float32"), np.ones((784, 512), "float32"))
        monkeypatch.undo()
        assert seen == [1, 2]  # the large one cannot be split (32 rows): OpenBLAS's threads
        assert getter() == 2
        np.testing.assert_array_equal(small, np.full((128, 10), 100, "float32"))
        np.testing.assert_array_equal(large, np.full((32, 512), 784, "float32"))
    finally:
        setter(before)


def test_import_starts_no_thread_and_looks_up_no_blas():
    code = ("import threading, kerasish\n"
            "from kerasish.backend import threads\n"
            "print(threading.active_count(), threads._OPENBLAS, threads._POOL)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": ROOT}, check=True)
    assert result.stdout.split() == ["1", "[]", "[]"]


@pytest.mark.parametrize("shapes", [((300, 200), (200, 100)), ((64, 4, 64, 16), (64, 4, 16, 64)),
                                    ((40, 64, 64), (40, 64, 48)), ((3, 5), (5, 2))])
def test_matmul_on_blocks_matches_numpy_whatever_the_thread_count(thread_count, shapes):
    rng = np.random.default_rng(2)
    a, b = (rng.normal(size=shape).astype("float32") for shape in shapes)
    results = []
    for count in (1, 2):
        thread_count(count)
        results.append(threads.matmul(a, b))
    np.testing.assert_array_equal(results[0], results[1])
    np.testing.assert_allclose(results[0], np.matmul(a, b), rtol=1e-5, atol=1e-4)
    assert results[0].shape == np.matmul(a, b).shape and results[0].dtype == np.float32


def test_batch_normalization_in_blocks_matches_one_pass(thread_count):
    from kerasish.backend import conv_primitives as C

    rng = np.random.default_rng(3)
    x = (rng.random((64, 26, 26, 32)) * 3 + 1).astype("float32")  # 5.5 MB: blocked
    grad = rng.normal(size=x.shape).astype("float32")
    axes = (0, 1, 2)
    assert C._moment_blocks(x, axes) is not None
    mean = C.accurate_mean(x, axes)
    np.testing.assert_allclose(mean, x.mean(axis=axes, keepdims=True, dtype=np.float64),
                               rtol=1e-6)
    variance = C.accurate_mean(np.square(x - mean), axes)
    results = []
    for count in (1, 2):
        thread_count(count)
        node = C.NormalizeWithMoments()
        node.axes, node.mean, node.variance, node.epsilon = axes, mean, variance, 1e-3
        results.append((node.forward(x), node.backward(grad)[0]))
    for one, two in zip(*results):
        np.testing.assert_array_equal(one, two)
    np.testing.assert_array_equal(results[0][0], node._whole_forward(x))
    np.testing.assert_allclose(results[0][1], node._whole_backward(grad), rtol=1e-6, atol=1e-6)


def test_batch_normalized_convnet_trains_the_same_with_one_and_two_threads(thread_count):
    def train():
        keras.utils.set_random_seed(11)
        model = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(32, 3),
            keras.layers.BatchNormalization(),
            keras.layers.ReLU(),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        rng = np.random.default_rng(4)
        x = rng.random((128, 28, 28, 1)).astype("float32")
        y = keras.utils.to_categorical(rng.integers(0, 10, 128), 10)
        model.fit(x, y, batch_size=64, epochs=1, shuffle=False, verbose=0)
        return model.get_weights()

    thread_count(1)
    one = train()
    thread_count(2)
    two = train()
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("shapes", [((3, 5), (5, 2)), ((300, 200), (200, 100))])
def test_matmul_returns_an_array_that_owns_its_memory(thread_count, shapes):
    # The engine hands such arrays to backward passes as scratch (overwritable).
    thread_count(2)
    a, b = (np.ones(shape, dtype="float32") for shape in shapes)
    assert threads.matmul(a, b).base is None


@pytest.mark.parametrize("x_shape", [(3, 4, 5), (64, 64, 64)])
def test_fused_dense_on_sequences_returns_arrays_of_their_own(thread_count, x_shape):
    from kerasish.backend import fused_primitives as F

    thread_count(2)
    rng = np.random.default_rng(5)
    x = rng.normal(size=x_shape).astype("float32")
    kernel = rng.normal(size=(x_shape[-1], 128)).astype("float32")
    out = F._matmul(x, kernel)
    assert out.base is None and out.shape == x_shape[:-1] + (128,)
    np.testing.assert_allclose(out, x @ kernel, rtol=1e-5, atol=1e-4)
