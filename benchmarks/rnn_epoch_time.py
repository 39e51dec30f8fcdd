"""Training time of a recurrent text classifier, kerasish vs TF-Keras (and
PyTorch's nn.LSTM/nn.GRU when torch is installed): same data, same model.

    python benchmarks/rnn_epoch_time.py compare --rounds 3
    python benchmarks/rnn_epoch_time.py kerasish --cell gru
    python benchmarks/rnn_epoch_time.py keras --cell lstm

The model is issue 15's: Embedding(10_000, 64) -> LSTM(64) (or GRU(64)) ->
Dense(1, sigmoid), binary crossentropy, Adam, sequences of 200 tokens,
batch 64, 2,560 sequences per epoch (40 steps). A run trains `--epochs`
epochs and prints each epoch's wall time; the first includes warm-up
(TensorFlow traces its graph). `compare` alternates the frameworks, each
run in a fresh process, `--rounds` times, and prints the range of the wall
times of the epochs after the first and the ratios. Threads are each
library's default unless `--threads N` pins them.

The machine these numbers come from is shared: report ranges, not single
figures.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOCABULARY, EMBEDDING, UNITS, STEPS, BATCH_SIZE = 10_000, 64, 64, 200, 64


def data(samples):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.integers(1, VOCABULARY, size=(samples, STEPS))
    # A learnable label: whether token 42's neighbourhood (ids < 500) is frequent.
    y = ((x < 500).mean(axis=1) > 0.05).astype("float32")
    return x, y


def pin_threads(threads):
    """Must run before NumPy, TensorFlow or torch is imported."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                 "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        os.environ[name] = str(threads)


def keras_epochs(framework, cell, x, y, epochs):
    if framework == "keras":
        os.environ.setdefault("KERAS_BACKEND", "tensorflow")
        import keras
    else:
        import kerasish as keras
    recurrent = keras.layers.LSTM if cell == "lstm" else keras.layers.GRU
    model = keras.Sequential([
        keras.Input((STEPS,), dtype="int32"),
        keras.layers.Embedding(VOCABULARY, EMBEDDING),
        recurrent(UNITS),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        history = model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
        times.append(time.perf_counter() - start)
    return times, history.history["accuracy"][-1]


def torch_epochs(cell, x, y, epochs):
    import torch

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = torch.nn.Embedding(VOCABULARY, EMBEDDING)
            kind = torch.nn.LSTM if cell == "lstm" else torch.nn.GRU
            self.recurrent = kind(EMBEDDING, UNITS, batch_first=True)
            self.out = torch.nn.Linear(UNITS, 1)

        def forward(self, tokens):
            outputs, _ = self.recurrent(self.embedding(tokens))
            return self.out(outputs[:, -1])

    model = Classifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    x_t, y_t = torch.from_numpy(x), torch.from_numpy(y)[:, None]
    times, correct = [], 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(len(x_t))
        correct = 0
        for begin in range(0, len(x_t), BATCH_SIZE):
            index = order[begin: begin + BATCH_SIZE]
            logits = model(x_t[index])
            loss = loss_fn(logits, y_t[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            correct += ((logits > 0).float() == y_t[index]).sum().item()
        times.append(time.perf_counter() - start)
    return times, correct / len(x_t)


def run(args):
    if args.threads:
        pin_threads(args.threads)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.path.insert(0, ROOT)  # measure this checkout, not another installed copy
    x, y = data(args.samples)
    if args.framework == "torch":
        times, accuracy = torch_epochs(args.cell, x, y, args.epochs)
    else:
        times, accuracy = keras_epochs(args.framework, args.cell, x, y, args.epochs)
    print(f"{args.framework} {args.cell} ({args.threads or 'default'} threads), "
          f"{args.samples} sequences: wall {', '.join(f'{t:.2f}s' for t in times)}; "
          f"last accuracy {accuracy:.4f}")


def _installed(module):
    import importlib.util

    return importlib.util.find_spec(module) is not None


def compare(args):
    frameworks = ["kerasish", "keras"] + (["torch"] if _installed("torch") else [])
    for cell in args.cells.split(","):
        wall = {name: [] for name in frameworks}
        for round_index in range(args.rounds):
            shift = round_index % len(frameworks)
            for framework in frameworks[shift:] + frameworks[:shift]:
                command = [sys.executable, os.path.abspath(__file__), framework,
                           "--cell", cell, "--epochs", str(args.epochs),
                           "--samples", str(args.samples)]
                if args.threads:
                    command += ["--threads", str(args.threads)]
                line = subprocess.run(command, capture_output=True, text=True,
                                      check=True).stdout.strip().splitlines()[-1]
                print(line, flush=True)
                times = re.search(r"wall ([^;]*);", line).group(1)
                wall[framework] += [float(t.rstrip("s")) for t in times.split(", ")][1:]
        print(f"\n{cell.upper()}: wall s per epoch of {args.samples} sequences (after the "
              f"first), {args.threads or 'default'} threads, {args.rounds} rounds:")
        for framework, values in wall.items():
            print(f"  {framework:9s} min {min(values):.2f}  median "
                  f"{statistics.median(values):.2f}  max {max(values):.2f}")
        for other in frameworks[1:]:
            print(f"  kerasish / {other}: {min(wall['kerasish']) / min(wall[other]):.2f} "
                  f"(minimums), {statistics.median(wall['kerasish']) / statistics.median(wall[other]):.2f}"
                  " (medians)")
        print()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("framework", choices=["kerasish", "keras", "torch", "compare"])
    parser.add_argument("--cell", choices=["lstm", "gru"], default="lstm")
    parser.add_argument("--cells", default="lstm,gru", help="for compare")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=2560)
    parser.add_argument("--threads", type=int, default=0, help="0: each library's default")
    parser.add_argument("--rounds", type=int, default=3, help="for compare")
    args = parser.parse_args()
    if args.framework == "compare":
        compare(args)
    else:
        run(args)


if __name__ == "__main__":
    main()
