"""Does a PyDataset with workers hide its loading time behind training?

Fits the tutorial's MNIST-sized MLP (784-512-256-10, batch 128) for one epoch
on the same data two ways: arrays held in memory, and a `keras.utils.PyDataset`
whose `__getitem__` sleeps 2 ms per batch (standing in for reading and
decoding files) loaded by `workers=2` threads. Epochs of the two kinds are
interleaved (the machine is shared, and a slow spell should hit both), and
the script prints each epoch time and the ratio PyDataset / arrays: the
minimums' ratio (noise only adds time) and the range of the per-round ratios.

    python benchmarks/pydataset_overlap.py [--rounds 7] [--workers 2] [--sleep-ms 2]
    python benchmarks/pydataset_overlap.py --overhead   # the path's own cost per step
"""

import argparse
import statistics
import time

import numpy as np

import kerasish as keras


class SlowBatches(keras.utils.PyDataset):
    """Batches of in-memory arrays that take `sleep` seconds each to 'load'."""

    def __init__(self, x, y, batch_size, sleep, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size, self.sleep = x, y, batch_size, sleep

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, index):
        if self.sleep:  # even sleep(0) gives up the CPU, a cost of its own
            time.sleep(self.sleep)
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[part], self.y[part]


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _epoch_time(model, data, **kwargs):
    """Wall time and CPU time (all threads) of one epoch. On a shared machine
    the wall time swings with other processes; the CPU time shows whether
    the PyDataset path itself costs more."""
    start, cpu_start = time.perf_counter(), time.process_time()
    model.fit(data, epochs=1, verbose=0, **kwargs)
    return time.perf_counter() - start, time.process_time() - cpu_start


def per_step_overhead(steps=500, repeats=5):
    """CPU time per step of a one-layer model, where the framework's own work
    dominates: arrays, a PyDataset read in the loop, and one read by 2 worker
    threads (no sleeping), best of `repeats` epochs each."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(steps * 8, 8)).astype("float32")
    y = rng.normal(size=(steps * 8, 1)).astype("float32")
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")

    def best(data, **kwargs):
        times = []
        for _ in range(repeats):
            start = time.process_time()
            model.fit(data, epochs=1, verbose=0, shuffle=False, **kwargs)
            times.append(time.process_time() - start)
        return min(times) / steps * 1e6

    print(f"arrays: {best(x, y=y, batch_size=8):.0f} us/step; "
          f"PyDataset: {best(SlowBatches(x, y, 8, 0.0)):.0f} us/step; "
          f"PyDataset, workers=2: {best(SlowBatches(x, y, 8, 0.0, workers=2)):.0f} us/step")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overhead", action="store_true",
                        help="measure the PyDataset path's CPU cost per step instead")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sleep-ms", type=float, default=2.0)
    parser.add_argument("--samples", type=int, default=12800)
    args = parser.parse_args()
    if args.overhead:
        per_step_overhead()
        return

    rng = np.random.default_rng(0)
    x = rng.random((args.samples, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, args.samples)]
    dataset = SlowBatches(x, y, 128, args.sleep_ms / 1000, workers=args.workers)
    arrays_model, dataset_model = _model(), _model()
    _epoch_time(arrays_model, x, y=y, batch_size=128)  # warm-up: first-call costs
    _epoch_time(dataset_model, dataset)

    times = {"arrays": [], "dataset": []}
    for round_index in range(args.rounds):
        runs = [("arrays", arrays_model, x, {"y": y, "batch_size": 128}),
                ("dataset", dataset_model, dataset, {})]
        if round_index % 2:
            runs.reverse()
        for name, model, data, kwargs in runs:
            times[name].append(_epoch_time(model, data, **kwargs))
    steps = len(dataset)
    print(f"{steps} steps per epoch, {args.sleep_ms:g} ms sleep per batch, "
          f"workers={args.workers}, {args.rounds} rounds")
    print(f"serial loading alone would add {steps * args.sleep_ms / 1000:.2f} s per epoch")
    for column, label in ((0, "wall"), (1, "cpu")):
        arrays = [t[column] for t in times["arrays"]]
        streamed = [t[column] for t in times["dataset"]]
        ratios = [d / a for a, d in zip(arrays, streamed)]
        print(f"{label:4} arrays  (s): " + " ".join(f"{t:.2f}" for t in arrays))
        print(f"{label:4} dataset (s): " + " ".join(f"{t:.2f}" for t in streamed))
        print(f"{label:4} ratio dataset/arrays: of minimums {min(streamed) / min(arrays):.3f}; "
              f"per round median {statistics.median(ratios):.3f}, "
              f"range {min(ratios):.3f}-{max(ratios):.3f}")


if __name__ == "__main__":
    main()
