"""Training time of the Keras MNIST convnet, kerasish vs TF-Keras: same data,
same model, same machine.

    python benchmarks/mnist_cnn_epoch_time.py kerasish
    python benchmarks/mnist_cnn_epoch_time.py keras
    python benchmarks/mnist_cnn_epoch_time.py compare --rounds 3 --threads 1

A single run trains `--epochs` epochs on the first `--samples` training images
(validation_split is left out to time training alone) and prints, for every
epoch, the CPU time and the wall time per 100 steps of batch 128; the first
epoch includes warm-up (TF's tracing). `compare` runs kerasish and TF-Keras
alternately, each run in its own process, `--rounds` times, and prints the
range of the per-100-step wall and CPU times of the epochs after the first,
and the ratios. `--threads N` pins OpenBLAS, OpenMP and TensorFlow to N threads (the
default leaves every library its own default). The model is the example's;
`--no-dropout` and `--optimizer sgd` give simpler variants.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS_PER_REPORT = 100
BATCH_SIZE = 128


def build(keras, dropout):
    layers = keras.layers
    stack = [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
    ]
    if dropout:
        stack.append(layers.Dropout(0.5))
    stack.append(layers.Dense(10, activation="softmax"))
    return keras.Sequential(stack)


def pin_threads(threads):
    """Must run before NumPy or TensorFlow is imported."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                 "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        os.environ[name] = str(threads)


def train(args):
    if args.threads:
        pin_threads(args.threads)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # Measure the checkout this script is in, not another installed copy.
    sys.path.insert(0, ROOT)
    import numpy as np

    if args.framework == "keras":
        import keras
    else:
        import kerasish as keras
    import kerasish

    (x, y), _ = kerasish.datasets.mnist.load_data()
    x = np.expand_dims(x[: args.samples].astype("float32") / 255, -1)
    y = kerasish.utils.to_categorical(y[: args.samples], 10)
    model = build(keras, dropout=not args.no_dropout)
    model.compile(loss="categorical_crossentropy", optimizer=args.optimizer, metrics=["accuracy"])
    steps = -(-len(x) // BATCH_SIZE)
    per_report = STEPS_PER_REPORT / steps
    wall, cpu = [], []
    for _ in range(args.epochs):
        start, cpu_start = time.perf_counter(), time.process_time()
        history = model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
        wall.append((time.perf_counter() - start) * per_report)
        cpu.append((time.process_time() - cpu_start) * per_report)
    # On a shared machine wall time depends on the other load; CPU time
    # (all threads of this process) is the steadier measure of work done.
    threads = args.threads or "default"
    print(
        f"{args.framework} ({threads} threads), per {STEPS_PER_REPORT} steps of batch "
        f"{BATCH_SIZE}: CPU {', '.join(f'{t:.2f}s' for t in cpu)}; "
        f"wall {', '.join(f'{t:.2f}s' for t in wall)}; "
        f"last accuracy {history.history['accuracy'][-1]:.4f}"
    )


def compare(args):
    """Alternates the two frameworks, each run in a fresh process."""
    seconds = {kind: {"kerasish": [], "keras": []} for kind in ("wall", "CPU")}
    for round_index in range(args.rounds):
        order = ["kerasish", "keras"] if round_index % 2 == 0 else ["keras", "kerasish"]
        for framework in order:
            command = [sys.executable, os.path.abspath(__file__), framework,
                       "--epochs", str(args.epochs), "--samples", str(args.samples),
                       "--optimizer", args.optimizer]
            if args.threads:
                command += ["--threads", str(args.threads)]
            if args.no_dropout:
                command.append("--no-dropout")
            line = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            line = line.strip().splitlines()[-1]
            print(line, flush=True)
            for kind, values in seconds.items():
                times = re.search(kind + r" ([^;]*);", line).group(1)
                # The first epoch is warm-up (TensorFlow traces its graph).
                values[framework] += [float(t.rstrip("s")) for t in times.split(", ")][1:]
    for kind, values in seconds.items():
        print(f"\n{kind} s per {STEPS_PER_REPORT} steps, epochs after the first, "
              f"{args.threads or 'default'} threads, {args.rounds} rounds:")
        for framework, times in values.items():
            print(f"  {framework:9s} min {min(times):.2f}  median {statistics.median(times):.2f}  "
                  f"max {max(times):.2f}")
        ratio_min = min(values["kerasish"]) / min(values["keras"])
        ratio_median = statistics.median(values["kerasish"]) / statistics.median(values["keras"])
        print(f"  kerasish / TF-Keras: {ratio_min:.2f} (minimums), {ratio_median:.2f} (medians)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("framework", choices=["kerasish", "keras", "compare"])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=54000)
    parser.add_argument("--optimizer", default="adam")
    parser.add_argument("--no-dropout", action="store_true")
    parser.add_argument("--threads", type=int, default=0, help="0: each library's default")
    parser.add_argument("--rounds", type=int, default=3, help="for compare")
    args = parser.parse_args()
    if args.framework == "compare":
        compare(args)
    else:
        train(args)


if __name__ == "__main__":
    main()
