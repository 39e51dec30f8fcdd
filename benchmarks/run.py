"""kerasish against TF-Keras, PyTorch (CPU) and a hand-written NumPy loop.

Every measurement runs in a fresh subprocess (this same script, called with
`--worker`), so imports, caches and memory never leak from one framework to
the next. Repeats are interleaved (round-robin, rotating the order) because
the machine is shared and noisy: a slow spell then hits every framework
rather than one. The report gives min, median and range of each figure.

    python benchmarks/run.py                 # full run (about 5 minutes)
    python benchmarks/run.py --quick         # one repeat, fewer epochs
    python benchmarks/run.py --threads 1     # pin every library to 1 thread

See benchmarks/README.md for what each figure means.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MNIST_NPZ = os.path.join(ROOT, "kerasish", "datasets", "data", "mnist.npz")
FRAMEWORKS = ("numpy", "kerasish", "tf-keras", "torch")
LABELS = {
    "numpy": "NumPy loop",
    "kerasish": "kerasish",
    "tf-keras": "TF-Keras",
    "torch": "PyTorch CPU",
}
# Settings from the tutorial: MLP 784-512-256-10, SGD(0.01), batch 128.
BATCH_SIZE = 128
LEARNING_RATE = 0.01
EVAL_BATCH_SIZE = 32  # the default of evaluate() and predict()
SMALL_BATCH_SIZES = (1, 8)
SMALL_STEPS = 400
BLAS_TUNING_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


# =========================================================== worker helpers


def _peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _blas_info():
    try:
        import threadpoolctl
    except ImportError:
        return "threadpoolctl not installed"
    pools = threadpoolctl.threadpool_info()
    return "; ".join(
        f"{p.get('internal_api')} {p.get('version')} {p.get('architecture')} "
        f"x{p.get('num_threads')}"
        for p in pools
    )


def _tutorial_data():
    """MNIST as the tutorial prepares it: x / 255.0 (float64, NHWC) and one-hot
    float32 labels. Every framework starts from these same arrays."""
    import numpy as np

    with np.load(MNIST_NPZ) as data:
        x_train, y_train = data["x_train"], data["y_train"]
        x_test, y_test = data["x_test"], data["y_test"]
    eye = np.eye(10, dtype=np.float32)
    x_train = x_train.reshape(-1, 28, 28, 1) / 255.0
    x_test = x_test.reshape(-1, 28, 28, 1) / 255.0
    return (x_train, eye[y_train]), (x_test, eye[y_test])


def _small_data(batch_size):
    """A tiny binary problem: 20 features, SMALL_STEPS steps of `batch_size`."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.normal(size=(SMALL_STEPS * batch_size, 20)).astype(np.float32)
    y = (x[:, :1] + x[:, 1:2] > 0).astype(np.float32)
    return x, y


def _best_time(fn, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _glorot(rng, fan_in, fan_out):
    import numpy as np

    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)


# ================================================= the hand-written reference


class NumpyMLP:
    """The reference: the MLP written directly in NumPy, float32 throughout,
    as a careful NumPy programmer would (in-place bias/relu, fused
    softmax-crossentropy gradient, no input gradient for the first layer)."""

    def __init__(self, sizes, seed=0):
        import numpy as np

        rng = np.random.default_rng(seed)
        self.params = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            self.params += [_glorot(rng, fan_in, fan_out), np.zeros(fan_out, np.float32)]

    def forward(self, x):
        import numpy as np

        activations = [x]
        params = self.params
        for i in range(0, len(params) - 2, 2):
            h = activations[-1] @ params[i]
            h += params[i + 1]
            np.maximum(h, 0, out=h)
            activations.append(h)
        logits = activations[-1] @ params[-2]
        logits += params[-1]
        return activations, logits

    @staticmethod
    def softmax_crossentropy(logits, labels):
        """Returns (probabilities, per-sample losses), from shifted logits."""
        import numpy as np

        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        log_probs = shifted - np.log(total)
        exp /= total
        return exp, -(labels * log_probs).sum(axis=1)

    def train_step(self, x, labels, learning_rate):
        """One SGD step; returns (summed loss, number correct)."""
        import numpy as np

        activations, logits = self.forward(x)
        probs, losses = self.softmax_crossentropy(logits, labels)
        correct = np.count_nonzero(logits.argmax(axis=1) == labels.argmax(axis=1))
        grad = probs
        grad -= labels
        grad /= np.float32(len(x))
        params, grads = self.params, [None] * len(self.params)
        for i in range(len(params) - 2, -1, -2):
            h = activations[i // 2]
            grads[i] = h.T @ grad
            grads[i + 1] = grad.sum(axis=0)
            if i:
                grad = grad @ params[i].T
                grad *= h > 0
        for param, g in zip(params, grads):
            g *= learning_rate
            param -= g
        return float(losses.sum()), int(correct)


def _numpy_fit_epoch(model, x, y, batch_size, rng):
    import numpy as np

    order = rng.permutation(len(x))
    total_loss, correct = 0.0, 0
    lr = np.float32(LEARNING_RATE)
    for start in range(0, len(x), batch_size):
        index = order[start:start + batch_size]
        loss, right = model.train_step(x[index], y[index], lr)
        total_loss += loss
        correct += right
    return total_loss / len(x), correct / len(x)


def _numpy_evaluate(model, x, y, batch_size):
    total_loss, correct = 0.0, 0
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        _, logits = model.forward(xb)
        _, losses = model.softmax_crossentropy(logits, yb)
        total_loss += float(losses.sum())
        correct += int((logits.argmax(axis=1) == yb.argmax(axis=1)).sum())
    return total_loss / len(x), correct / len(x)


def _numpy_predict(model, x, batch_size):
    import numpy as np

    outputs = []
    for start in range(0, len(x), batch_size):
        _, logits = model.forward(x[start:start + batch_size])
        probs, _ = model.softmax_crossentropy(logits, np.zeros_like(logits))
        outputs.append(probs)
    return np.concatenate(outputs)


def train_numpy(epochs):
    import numpy as np

    (x_train, y_train), (x_test, y_test) = _tutorial_data()
    # The one float32 conversion a NumPy programmer would do.
    x_train = x_train.reshape(len(x_train), -1).astype(np.float32)
    x_test = x_test.reshape(len(x_test), -1).astype(np.float32)
    model = NumpyMLP([784, 512, 256, 10])
    rng = np.random.default_rng(1)
    epoch_times, cpu_times, logs = [], [], None
    for _ in range(epochs):
        start, cpu_start = time.perf_counter(), time.process_time()
        logs = _numpy_fit_epoch(model, x_train, y_train, BATCH_SIZE, rng)
        epoch_times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    eval_time = _best_time(lambda: _numpy_evaluate(model, x_test, y_test, EVAL_BATCH_SIZE))
    predict_time = _best_time(lambda: _numpy_predict(model, x_test, EVAL_BATCH_SIZE))
    test_loss, test_acc = _numpy_evaluate(model, x_test, y_test, EVAL_BATCH_SIZE)
    return _train_result(
        epoch_times, cpu_times, logs, test_acc, eval_time, predict_time, len(x_test)
    )


def small_numpy(batch_size):
    import numpy as np

    x, y = _small_data(batch_size)
    model = NumpyMLP([20, 16, 1])
    lr = np.float32(LEARNING_RATE)

    def sigmoid_step(xb, yb):
        # Binary crossentropy on a sigmoid: the output gradient is (p - y) / n.
        activations, logits = model.forward(xb)
        probs = 1.0 / (1.0 + np.exp(-logits))
        grad = (probs - yb) / np.float32(len(xb))
        params = model.params
        h = activations[1]
        g_hidden = grad @ params[2].T
        g_hidden *= h > 0
        updates = (xb.T @ g_hidden, g_hidden.sum(0), h.T @ grad, grad.sum(0))
        for param, g in zip(params, updates):
            g *= lr
            param -= g

    def epoch():
        for start in range(0, len(x), batch_size):
            sigmoid_step(x[start:start + batch_size], y[start:start + batch_size])

    epoch()
    step = _best_time(epoch, repeats=2) / SMALL_STEPS
    latency = _best_time(lambda: model.forward(x[:1]), repeats=50)
    return {"step_ms": step * 1e3, "predict_one_ms": latency * 1e3}


# ============================================== kerasish and TF-Keras (same code)


def _keras_module(framework):
    if framework == "kerasish":
        sys.path.insert(0, ROOT)
        import kerasish

        return kerasish
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras

    return keras


def _epoch_timer(keras):
    class EpochTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.times, self.cpu_times = [], []

        def on_epoch_begin(self, epoch, logs=None):
            self._start = (time.perf_counter(), time.process_time())

        def on_epoch_end(self, epoch, logs=None):
            self.times.append(time.perf_counter() - self._start[0])
            self.cpu_times.append(time.process_time() - self._start[1])

    return EpochTimer()


def _tutorial_mlp(keras):
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def train_keras(framework, epochs):
    keras = _keras_module(framework)
    (x_train, y_train), (x_test, y_test) = _tutorial_data()
    model = _tutorial_mlp(keras)
    timer = _epoch_timer(keras)
    history = model.fit(
        x_train, y_train, epochs=epochs, batch_size=BATCH_SIZE, verbose=0, callbacks=[timer]
    )
    logs = (history.history["loss"][-1], history.history["accuracy"][-1])
    eval_time = _best_time(lambda: model.evaluate(x_test, y_test, verbose=0))
    predict_time = _best_time(lambda: model.predict(x_test, verbose=0))
    test_acc = model.evaluate(x_test, y_test, verbose=0)[1]
    return _train_result(
        timer.times, timer.cpu_times, logs, test_acc, eval_time, predict_time, len(x_test)
    )


def small_keras(framework, batch_size):
    keras = _keras_module(framework)
    x, y = _small_data(batch_size)
    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE), loss="binary_crossentropy")
    timer = _epoch_timer(keras)
    model.fit(x, y, batch_size=batch_size, epochs=3, verbose=0, shuffle=False, callbacks=[timer])
    step = min(timer.times[1:]) / SMALL_STEPS  # the first epoch traces (TF)
    model.predict(x[:1], verbose=0)
    latency = _best_time(lambda: model.predict(x[:1], verbose=0), repeats=20)
    return {"step_ms": step * 1e3, "predict_one_ms": latency * 1e3}


# ======================================== the convnet and serving (issue 24)

CONVNET_BATCH_SIZE = 128


def _convnet(keras):
    """The Keras MNIST convnet of examples/mnist_cnn.py, as
    mnist_cnn_epoch_time.py builds it (Conv2D 32 -> pool -> Conv2D 64 ->
    pool -> Flatten -> Dropout 0.5 -> Dense 10 softmax), with Adam."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from mnist_cnn_epoch_time import build

    model = build(keras, dropout=True)
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


def _convnet_data(samples):
    import numpy as np

    with np.load(MNIST_NPZ) as data:
        x, y = data["x_train"][:samples], data["y_train"][:samples]
    x = np.expand_dims(x.astype("float32") / 255, -1)
    return x, np.eye(10, dtype="float32")[y]


def train_convnet(framework, epochs, samples):
    keras = _keras_module(framework)
    x, y = _convnet_data(samples)
    model = _convnet(keras)
    timer = _epoch_timer(keras)
    model.fit(x, y, epochs=epochs, batch_size=CONVNET_BATCH_SIZE, verbose=0, callbacks=[timer])
    return {"epoch_times": timer.times, "epoch_cpu_times": timer.cpu_times,
            "peak_rss_mb": _peak_rss_mb(), "steps_per_epoch": -(-samples // CONVNET_BATCH_SIZE)}


def save_serving_model(path):
    """The convnet saved by kerasish after one step of training (its optimizer
    built and saved too), in the .keras format both frameworks load."""
    keras = _keras_module("kerasish")
    model = _convnet(keras)
    x, y = _convnet_data(CONVNET_BATCH_SIZE)
    model.fit(x, y, batch_size=CONVNET_BATCH_SIZE, epochs=1, verbose=0)
    model.save(path)


def serve_cold_start(framework, path):
    """Import, load_model and the first prediction of one image, in a fresh
    process: what a server or a script pays before its first answer."""
    start, cpu_start = time.perf_counter(), time.process_time()
    keras = _keras_module(framework)
    import numpy as np

    model = keras.saving.load_model(path)
    model.predict(np.zeros((1, 28, 28, 1), dtype="float32"), verbose=0)
    return {"serve_s": time.perf_counter() - start, "serve_cpu_s": time.process_time() - cpu_start,
            "peak_rss_mb": _peak_rss_mb()}


# ==================================================================== PyTorch


def _torch_setup(threads):
    import torch

    if threads:
        torch.set_num_threads(threads)
    return torch


def train_torch(epochs, threads):
    import numpy as np

    torch = _torch_setup(threads)
    from torch import nn

    torch.manual_seed(0)
    (x_train, y_train), (x_test, y_test) = _tutorial_data()
    x = torch.from_numpy(x_train.reshape(len(x_train), -1).astype(np.float32))
    y = torch.from_numpy(y_train)
    xt = torch.from_numpy(x_test.reshape(len(x_test), -1).astype(np.float32))
    yt = torch.from_numpy(y_test)
    model = nn.Sequential(
        nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10)
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.CrossEntropyLoss()
    epoch_times, cpu_times, logs = [], [], None
    for _ in range(epochs):
        start, cpu_start = time.perf_counter(), time.process_time()
        order = torch.randperm(len(x))
        total_loss, correct = 0.0, 0
        for begin in range(0, len(x), BATCH_SIZE):
            index = order[begin:begin + BATCH_SIZE]
            xb, yb = x[index], y[index]
            optimizer.zero_grad()
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimizer.step()
            total_loss += loss.item() * len(index)
            correct += int((logits.argmax(1) == yb.argmax(1)).sum())
        epoch_times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
        logs = (total_loss / len(x), correct / len(x))

    def evaluate():
        total_loss, correct = 0.0, 0
        with torch.no_grad():
            for begin in range(0, len(xt), EVAL_BATCH_SIZE):
                xb, yb = xt[begin:begin + EVAL_BATCH_SIZE], yt[begin:begin + EVAL_BATCH_SIZE]
                logits = model(xb)
                total_loss += loss_fn(logits, yb).item() * len(xb)
                correct += int((logits.argmax(1) == yb.argmax(1)).sum())
        return total_loss / len(xt), correct / len(xt)

    def predict():
        with torch.no_grad():
            return torch.cat(
                [torch.softmax(model(xt[b:b + EVAL_BATCH_SIZE]), 1)
                 for b in range(0, len(xt), EVAL_BATCH_SIZE)]
            ).numpy()

    eval_time = _best_time(evaluate)
    predict_time = _best_time(predict)
    return _train_result(
        epoch_times, cpu_times, logs, evaluate()[1], eval_time, predict_time, len(xt)
    )


def small_torch(batch_size, threads):
    torch = _torch_setup(threads)
    from torch import nn

    torch.manual_seed(0)
    x_np, y_np = _small_data(batch_size)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.BCEWithLogitsLoss()

    def epoch():
        for begin in range(0, len(x), batch_size):
            optimizer.zero_grad()
            loss = loss_fn(model(x[begin:begin + batch_size]), y[begin:begin + batch_size])
            loss.backward()
            optimizer.step()

    epoch()
    step = _best_time(epoch, repeats=2) / SMALL_STEPS

    def predict_one():
        with torch.no_grad():
            return torch.sigmoid(model(x[:1])).numpy()

    latency = _best_time(predict_one, repeats=50)
    return {"step_ms": step * 1e3, "predict_one_ms": latency * 1e3}


# ================================================================ the workers


def _train_result(epoch_times, cpu_times, logs, test_acc, eval_time, predict_time, num_test):
    return {
        "epoch_times": epoch_times,
        "epoch_cpu_times": cpu_times,
        "train_loss": float(logs[0]),
        "train_accuracy": float(logs[1]),
        "test_accuracy": float(test_acc),
        "evaluate_per_s": num_test / eval_time,
        "predict_per_s": num_test / predict_time,
        "peak_rss_mb": _peak_rss_mb(),
    }


_IMPORTS = {
    "numpy": "import numpy",
    "kerasish": "import kerasish",
    "tf-keras": "import keras",
    "torch": "import torch",
}


def run_worker(args):
    framework, task = args.worker, args.task
    if task == "import":
        if framework == "kerasish":
            sys.path.insert(0, ROOT)
        if framework == "tf-keras":
            os.environ.setdefault("KERAS_BACKEND", "tensorflow")
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        start = time.perf_counter()
        exec(_IMPORTS[framework])
        result = {"import_s": time.perf_counter() - start}
    elif task == "train":
        if framework == "numpy":
            result = train_numpy(args.epochs)
        elif framework == "torch":
            result = train_torch(args.epochs, args.threads)
        else:
            result = train_keras(framework, args.epochs)
        result["blas"] = _blas_info()
    elif task == "convnet":
        result = train_convnet(framework, args.epochs, args.convnet_samples)
    elif task == "serve":
        result = serve_cold_start(framework, args.serving_model)
    elif task.startswith("small"):
        batch_size = int(task[len("small"):])
        if framework == "numpy":
            result = small_numpy(batch_size)
        elif framework == "torch":
            result = small_torch(batch_size, args.threads)
        else:
            result = small_keras(framework, batch_size)
    else:
        raise ValueError(f"Unknown task: {task}")
    print("RESULT " + json.dumps(result))


# ================================================================ the driver


def _available(framework):
    module = {"numpy": "numpy", "kerasish": "numpy", "tf-keras": "tensorflow", "torch": "torch"}
    import importlib.util

    return importlib.util.find_spec(module[framework]) is not None


def _worker_env(threads, blas_setting):
    env = dict(os.environ)
    if threads:
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                     "TF_NUM_INTRAOP_THREADS"):
            env[name] = str(threads)
        env["TF_NUM_INTEROP_THREADS"] = "1"
    if blas_setting == "unset":
        for name in BLAS_TUNING_VARIABLES:
            env.pop(name, None)
    return env


def _run(framework, task, args, blas_setting):
    command = [sys.executable, os.path.abspath(__file__), "--worker", framework, "--task", task,
               "--epochs", str(args.epochs), "--threads", str(args.threads or 0),
               "--convnet-samples", str(args.convnet_samples),
               "--serving-model", args.serving_model or ""]
    completed = subprocess.run(
        command, capture_output=True, text=True, env=_worker_env(args.threads, blas_setting),
        timeout=1800,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    sys.stderr.write(f"\n{framework} {task} failed:\n{completed.stderr[-3000:]}\n")
    return None


def _rotations(items, repeats):
    """Round-robin orders, rotated each repeat so no framework always runs first."""
    items = list(items)
    for r in range(repeats):
        shift = r % len(items)
        yield r, items[shift:] + items[:shift]


KERAS_ONLY_TASKS = ("convnet", "serve")  # kerasish against TF-Keras only


def collect(args, frameworks, blas_setting):
    results = {f: {"train": [], "import": [], "small1": [], "small8": [], "convnet": [],
                   "serve": []} for f in frameworks}
    tasks = [("train", args.repeats), ("import", args.import_repeats)]
    if not args.skip_small:
        tasks += [(f"small{b}", args.small_repeats) for b in SMALL_BATCH_SIZES]
    if not args.skip_convnet:
        tasks += [("convnet", args.repeats), ("serve", args.import_repeats)]
    for task, repeats in tasks:
        runners = frameworks
        if task in KERAS_ONLY_TASKS:
            runners = [f for f in frameworks if f in ("kerasish", "tf-keras")]
        for r, order in _rotations(runners, repeats):
            for framework in order:
                print(f"  [{blas_setting}] {task} {r + 1}/{repeats}: {framework}", flush=True)
                result = _run(framework, task, args, blas_setting)
                if result is not None:
                    results[framework][task].append(result)
    return results


# ============================================================ statistics/report


def _stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values),
            "n": len(values)}


def summarize(results):
    summary = {}
    for framework, by_task in results.items():
        trains = by_task["train"]
        # Steady-state epochs: the first epoch of each process includes
        # tracing (TF) and first-touch allocations, and is reported apart.
        steady = [t for r in trains for t in r["epoch_times"][1:]]
        first = [r["epoch_times"][0] for r in trains]
        summary[framework] = {
            "epoch_s": _stats(steady),
            "epoch_cpu_s": _stats([t for r in trains for t in r["epoch_cpu_times"][1:]]),
            "first_epoch_s": _stats(first),
            "evaluate_per_s": _stats([r["evaluate_per_s"] for r in trains]),
            "predict_per_s": _stats([r["predict_per_s"] for r in trains]),
            "peak_rss_mb": _stats([r["peak_rss_mb"] for r in trains]),
            "import_s": _stats([r["import_s"] for r in by_task["import"]]),
            "test_accuracy": _stats([r["test_accuracy"] for r in trains]),
            "train_loss": _stats([r["train_loss"] for r in trains]),
            "blas": trains[0]["blas"] if trains else "",
        }
        convnets, serves = by_task.get("convnet", []), by_task.get("serve", [])
        summary[framework].update({
            "convnet_epoch_s": _stats([t for r in convnets for t in r["epoch_times"][1:]]),
            "convnet_cpu_s": _stats([t for r in convnets for t in r["epoch_cpu_times"][1:]]),
            "convnet_rss_mb": _stats([r["peak_rss_mb"] for r in convnets]),
            "convnet_steps": convnets[0]["steps_per_epoch"] if convnets else None,
            "serve_s": _stats([r["serve_s"] for r in serves]),
            "serve_cpu_s": _stats([r["serve_cpu_s"] for r in serves]),
            "serve_rss_mb": _stats([r["peak_rss_mb"] for r in serves]),
        })
        for b in SMALL_BATCH_SIZES:
            runs = by_task[f"small{b}"]
            summary[framework][f"step_ms_b{b}"] = _stats([r["step_ms"] for r in runs])
            summary[framework][f"predict_one_ms_b{b}"] = _stats(
                [r["predict_one_ms"] for r in runs]
            )
    return summary


def _fmt(stat, scale=1.0, digits=2):
    if stat is None:
        return "n/a"
    return (f"{stat['min'] * scale:.{digits}f} / {stat['median'] * scale:.{digits}f} "
            f"[{stat['min'] * scale:.{digits}f}-{stat['max'] * scale:.{digits}f}]")


def _ratio(summary, a, b, key, which):
    sa, sb = summary.get(a, {}).get(key), summary.get(b, {}).get(key)
    if not sa or not sb:
        return None
    return sa[which] / sb[which]


def _ratio_text(summary, a, b, key):
    low = _ratio(summary, a, b, key, "min")
    mid = _ratio(summary, a, b, key, "median")
    if low is None:
        return "n/a"
    return f"{low:.2f} (min) / {mid:.2f} (median)"


def _targets(summary):
    """(target, measured text, met?) rows; judged on the ratio of minimums
    (noise on a shared machine only ever adds time) and shown with medians."""
    rows = []

    def add(label, value, ok):
        rows.append((label, value, "yes" if ok else ("n/a" if ok is None else "NO")))

    r = _ratio(summary, "kerasish", "numpy", "epoch_s", "min")
    add("fit epoch <= 1.10 x NumPy loop", _ratio_text(summary, "kerasish", "numpy", "epoch_s"),
        None if r is None else r <= 1.10)
    r = _ratio(summary, "kerasish", "numpy", "epoch_cpu_s", "min")
    add("(same, CPU time: steadier on a busy machine)",
        _ratio_text(summary, "kerasish", "numpy", "epoch_cpu_s"), None if r is None else r <= 1.10)
    r = _ratio(summary, "tf-keras", "kerasish", "epoch_s", "min")
    add("fit >= 2 x faster than TF-Keras",
        _ratio_text(summary, "tf-keras", "kerasish", "epoch_s") + " x faster",
        None if r is None else r >= 2.0)
    r = _ratio(summary, "torch", "kerasish", "epoch_s", "min")
    add("fit faster than PyTorch CPU",
        _ratio_text(summary, "torch", "kerasish", "epoch_s") + " x faster",
        None if r is None else r > 1.0)
    for key, name in (("predict_per_s", "predict"), ("evaluate_per_s", "evaluate")):
        r = _ratio(summary, "kerasish", "tf-keras", key, "min")
        add(f"{name} throughput >= 2 x TF-Keras",
            _ratio_text(summary, "kerasish", "tf-keras", key) + " x",
            None if r is None else r >= 2.0)
    imp = summary.get("kerasish", {}).get("import_s")
    add("import kerasish < 0.2 s", "n/a" if not imp else f"{imp['min']:.3f} s (min) / "
        f"{imp['median']:.3f} s (median)", None if not imp else imp["min"] < 0.2)
    r = _ratio(summary, "kerasish", "numpy", "peak_rss_mb", "min")
    add("peak RSS <= 1.2 x NumPy loop", _ratio_text(summary, "kerasish", "numpy", "peak_rss_mb"),
        None if r is None else r <= 1.2)
    for b in SMALL_BATCH_SIZES:
        r = _ratio(summary, "kerasish", "tf-keras", f"step_ms_b{b}", "min")
        add(f"batch {b} step time <= TF-Keras",
            _ratio_text(summary, "kerasish", "tf-keras", f"step_ms_b{b}") + " x TF-Keras",
            None if r is None else r <= 1.0)
    return rows


def _convnet_targets(summary):
    """Issue 24's targets: (target, measured text, met?) rows."""
    rows = []
    checks = (
        ("convnet epoch wall time <= TF-Keras", "convnet_epoch_s", 1.0),
        ("convnet epoch CPU time <= 1.2 x TF-Keras", "convnet_cpu_s", 1.2),
        ("convnet peak RSS <= TF-Keras", "convnet_rss_mb", 1.0),
        ("serving cold start <= 0.1 x TF-Keras", "serve_s", 0.1),
    )
    for label, key, limit in checks:
        r = _ratio(summary, "kerasish", "tf-keras", key, "min")
        rows.append((label, _ratio_text(summary, "kerasish", "tf-keras", key) + " x TF-Keras",
                     "n/a" if r is None else ("yes" if r <= limit else "NO")))
    serve = summary.get("kerasish", {}).get("serve_s")
    rows.append(("serving cold start < 0.3 s",
                 "n/a" if not serve else f"{serve['min']:.3f} s (min) / {serve['median']:.3f} s "
                 "(median)", "n/a" if not serve else ("yes" if serve["min"] < 0.3 else "NO")))
    return rows


def _render_convnet(summary, frameworks):
    present = [f for f in frameworks if summary[f].get("convnet_epoch_s")
               or summary[f].get("serve_s")]
    if not present:
        return []
    steps = next((summary[f]["convnet_steps"] for f in present if summary[f]["convnet_steps"]),
                 "?")
    rows = [[LABELS[f], _fmt(summary[f]["convnet_epoch_s"]), _fmt(summary[f]["convnet_cpu_s"]),
             _fmt(summary[f]["convnet_rss_mb"], 1.0, 0), _fmt(summary[f]["serve_s"], 1.0, 3),
             _fmt(summary[f]["serve_cpu_s"], 1.0, 3), _fmt(summary[f]["serve_rss_mb"], 1.0, 0)]
            for f in present]
    return [
        f"\n### MNIST convnet (Conv2D 32 / 64, max pooling, dropout, Adam, batch "
        f"{CONVNET_BATCH_SIZE}, {steps} steps an epoch) and serving cold start\n",
        "Each cell: min / median [range]. Serving: a fresh process imports the framework, "
        "loads a saved convnet (`.keras`) and predicts one image.\n",
        _markdown_table(["framework", "convnet epoch (s)", "convnet CPU (s)",
                         "convnet peak RSS (MB)", "serving (s)", "serving CPU (s)",
                         "serving peak RSS (MB)"], rows),
        "\n### Targets (issue 24)\n",
        _markdown_table(["target", "measured", "met"], _convnet_targets(summary)),
    ]


def _markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(summary, frameworks, meta):
    out = []
    rows = []
    for f in frameworks:
        s = summary[f]
        rows.append([
            LABELS[f],
            _fmt(s["epoch_s"]),
            "n/a" if s["epoch_s"] is None or summary.get("numpy", {}).get("epoch_s") is None
            else f"{s['epoch_s']['min'] / summary['numpy']['epoch_s']['min']:.2f}",
            _fmt(s["epoch_cpu_s"]),
            _fmt(s["first_epoch_s"]),
            _fmt(s["evaluate_per_s"], 1e-3, 1),
            _fmt(s["predict_per_s"], 1e-3, 1),
            _fmt(s["import_s"], 1.0, 3),
            _fmt(s["peak_rss_mb"], 1.0, 0),
            "n/a" if s["test_accuracy"] is None else f"{s['test_accuracy']['median']:.4f}",
        ])
    out.append("### MNIST MLP (784-512-256-10, SGD 0.01, batch 128)\n")
    out.append("Each cell: min / median [range] over all runs.\n")
    out.append(_markdown_table(
        ["framework", "epoch (s)", "x NumPy (min)", "CPU (s)", "first epoch (s)",
         "evaluate (k samples/s)", "predict (k samples/s)", "import (s)", "peak RSS (MB)",
         "test acc"],
        rows,
    ))
    small_rows = []
    for f in frameworks:
        s = summary[f]
        small_rows.append([LABELS[f]] + [_fmt(s[f"step_ms_b{b}"], 1.0, 3) for b in SMALL_BATCH_SIZES]
                          + [_fmt(s[f"predict_one_ms_b{SMALL_BATCH_SIZES[0]}"], 1.0, 3)])
    out.append("\n### Small batches (20-16-1 MLP, sigmoid + binary crossentropy)\n")
    out.append(_markdown_table(
        ["framework"] + [f"train step, batch {b} (ms)" for b in SMALL_BATCH_SIZES]
        + ["predict one sample (ms)"],
        small_rows,
    ))
    out.append("\n### Targets (issue 5)\n")
    out.append(_markdown_table(["target", "measured", "met"], _targets(summary)))
    out += _render_convnet(summary, frameworks)
    out.append("\n### Setup\n")
    for key, value in meta.items():
        out.append(f"- {key}: {value}")
    for f in frameworks:
        if summary[f]["blas"]:
            out.append(f"- BLAS seen by {LABELS[f]}: {summary[f]['blas']}")
    return "\n".join(out) + "\n"


def plot(summary, frameworks, path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no chart.")
        return False
    present = [f for f in frameworks if summary[f]["epoch_s"]]
    fig, axes = plt.subplots(1, 4, figsize=(17, 4))
    panels = (
        ("epoch_s", "fit: wall seconds per epoch (lower is better)", 1.0),
        ("epoch_cpu_s", "fit: CPU seconds per epoch (lower is better)", 1.0),
        ("predict_per_s", "predict: k samples/s (higher is better)", 1e-3),
        ("evaluate_per_s", "evaluate: k samples/s (higher is better)", 1e-3),
    )
    colors = {"numpy": "#888888", "kerasish": "#d62728", "tf-keras": "#ff7f0e",
              "torch": "#1f77b4"}
    for ax, (key, title, scale) in zip(axes, panels):
        names = [LABELS[f] for f in present]
        medians = [summary[f][key]["median"] * scale for f in present]
        lows = [m - summary[f][key]["min"] * scale for f, m in zip(present, medians)]
        highs = [summary[f][key]["max"] * scale - m for f, m in zip(present, medians)]
        ax.bar(names, medians, yerr=[lows, highs], capsize=4,
               color=[colors[f] for f in present])
        ax.set_title(title, fontsize=10)
        ax.tick_params(axis="x", labelsize=8)
    fig.suptitle("MNIST MLP on this machine: median, whiskers = min..max over runs")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    _plot_convnet(plt, summary, frameworks, path.replace("mnist_mlp_", "mnist_convnet_"), colors)
    return True


def _plot_convnet(plt, summary, frameworks, path, colors):
    """The convnet and serving figures, kerasish beside TF-Keras."""
    panels = (
        ("convnet_epoch_s", "convnet: wall s per epoch", 1.0),
        ("convnet_cpu_s", "convnet: CPU s per epoch", 1.0),
        ("convnet_rss_mb", "convnet: peak RSS (MB)", 1.0),
        ("serve_s", "serving cold start (s)", 1.0),
        ("serve_rss_mb", "serving peak RSS (MB)", 1.0),
    )
    present = [f for f in frameworks if summary[f].get("convnet_epoch_s")]
    if not present:
        return
    fig, axes = plt.subplots(1, len(panels), figsize=(19, 4))
    for ax, (key, title, scale) in zip(axes, panels):
        shown = [f for f in present if summary[f].get(key)]
        medians = [summary[f][key]["median"] * scale for f in shown]
        lows = [m - summary[f][key]["min"] * scale for f, m in zip(shown, medians)]
        highs = [summary[f][key]["max"] * scale - m for f, m in zip(shown, medians)]
        ax.bar([LABELS[f] for f in shown], medians, yerr=[lows, highs], capsize=4,
               color=[colors[f] for f in shown])
        ax.set_title(title, fontsize=10)
    fig.suptitle("MNIST convnet and serving (lower is better): median, whiskers = min..max")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def replot(output_dir):
    with open(os.path.join(output_dir, "results.json")) as f:
        raw = json.load(f)
    for setting, data in raw.items():
        summary = data["summary"]
        frameworks = [f for f in FRAMEWORKS if f in summary]
        plot(summary, frameworks, os.path.join(output_dir, f"mnist_mlp_{setting}.png"))


def _meta(args, blas_setting):
    import numpy

    return {
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
        "date (UTC)": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "threads": args.threads or "library defaults",
        "load average (1 min) at start / end": f"{args.load_at_start:.1f} / "
                                                 f"{os.getloadavg()[0]:.1f}",
        "BLAS tuning variables": "as in the environment ("
        + ", ".join(f"{n}={os.environ.get(n, 'unset')}" for n in BLAS_TUNING_VARIABLES) + ")"
        if blas_setting == "as-is" else "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset",
        "repeats": f"{args.repeats} fit processes x {args.epochs} epochs (first epoch "
                   f"excluded from 'epoch'), {args.import_repeats} import processes, "
                   f"{args.small_repeats} small-batch processes",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker", choices=FRAMEWORKS, help=argparse.SUPPRESS)
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--frameworks", default=",".join(FRAMEWORKS),
                        help="comma-separated subset of " + ", ".join(FRAMEWORKS))
    parser.add_argument("--repeats", type=int, default=3, help="fit processes per framework")
    parser.add_argument("--epochs", type=int, default=3, help="epochs per fit process")
    parser.add_argument("--import-repeats", type=int, default=5)
    parser.add_argument("--small-repeats", type=int, default=2)
    parser.add_argument("--skip-small", action="store_true", help="skip the small-batch runs")
    parser.add_argument("--skip-convnet", action="store_true",
                        help="skip the convnet and serving runs (kerasish and TF-Keras)")
    parser.add_argument("--convnet-samples", type=int, default=12800,
                        help="training images per convnet epoch (12,800: 100 steps)")
    parser.add_argument("--serving-model", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=0,
                        help="pin BLAS, PyTorch and TensorFlow to this many threads")
    parser.add_argument("--quick", action="store_true",
                        help="one repeat of 2 epochs, 2 import repeats, one small-batch run")
    parser.add_argument("--output-dir", default=os.path.join(ROOT, "benchmarks", "results"))
    parser.add_argument("--replot", action="store_true",
                        help="redraw the charts from OUTPUT_DIR/results.json, measuring nothing")
    args = parser.parse_args()
    if args.worker:
        run_worker(args)
        return
    if args.replot:
        replot(args.output_dir)
        return
    if args.quick:
        args.repeats, args.epochs, args.import_repeats, args.small_repeats = 1, 2, 2, 1
    frameworks = [f for f in args.frameworks.split(",") if f]
    for framework in frameworks:
        if framework not in FRAMEWORKS:
            parser.error(f"unknown framework {framework!r}; choose from {FRAMEWORKS}")
    missing = [f for f in frameworks if not _available(f)]
    for framework in missing:
        print(f"{LABELS[framework]} is not installed here: skipped.")
    frameworks = [f for f in frameworks if f not in missing]
    args.load_at_start = os.getloadavg()[0]
    # OpenBLAS tuning variables set for old processors slow a current NumPy:
    # when present, measure both with them and without them.
    settings = ["as-is"]
    if any(name in os.environ for name in BLAS_TUNING_VARIABLES):
        settings.append("unset")
    os.makedirs(args.output_dir, exist_ok=True)
    if not args.skip_convnet and "kerasish" in frameworks:
        args.serving_model = os.path.join(tempfile.mkdtemp(), "convnet.keras")
        save_serving_model(args.serving_model)
    else:
        args.skip_convnet = True
    report, raw = [], {}
    for setting in settings:
        results = collect(args, frameworks, setting)
        summary = summarize(results)
        raw[setting] = {"results": results, "summary": summary}
        title = "## BLAS variables " + (
            "as in the environment" if setting == "as-is"
            else "OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset")
        section = title + "\n\n" + render(summary, frameworks, _meta(args, setting))
        if plot(summary, frameworks, os.path.join(args.output_dir, f"mnist_mlp_{setting}.png")):
            section += f"\n![MNIST MLP timings](mnist_mlp_{setting}.png)\n"
            if any(summary[f].get("convnet_epoch_s") for f in frameworks):
                section += f"\n![MNIST convnet and serving](mnist_convnet_{setting}.png)\n"
        report.append(section)
        print("\n" + section)
    with open(os.path.join(args.output_dir, "report.md"), "w") as f:
        f.write("# kerasish benchmark\n\n" + "\n".join(report))
    with open(os.path.join(args.output_dir, "results.json"), "w") as f:
        json.dump(raw, f, indent=1)
    print(f"Wrote {args.output_dir}/report.md, results.json and the PNG chart.")


if __name__ == "__main__":
    main()
