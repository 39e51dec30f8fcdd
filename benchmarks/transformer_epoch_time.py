"""Training time of a transformer encoder classifier, kerasish vs TF-Keras
(and PyTorch on the CPU when it is installed): same data, same model, same
machine.

    python benchmarks/transformer_epoch_time.py compare --rounds 3
    python benchmarks/transformer_epoch_time.py kerasish --epochs 3
    python benchmarks/transformer_epoch_time.py keras

The model: token + position embeddings (sequence 64, embedding 64), one
encoder block (MultiHeadAttention with 4 heads of 16, residual + LayerNorm,
a 128-64 relu feed-forward network, residual + LayerNorm, dropout 0.1),
global average pooling and a softmax over 2 classes; Adam, batch 64, 2048
generated sequences (32 steps an epoch). One run trains `--epochs` epochs in
its own process and prints each epoch's wall and CPU time; the first epoch
(TF's tracing, warm caches) is left out of the summary. `compare` alternates
the frameworks, `--rounds` times, and prints the range of the later epochs'
wall and CPU times and the ratios of the minimums (on a loaded machine the
CPU time of single-threaded runs, `--threads 1`, is the steadier figure). Threads are each library's default
unless `--threads N` pins them.
"""

import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEQUENCE, EMBED, HEADS, FF, VOCAB, SAMPLES, BATCH = 64, 64, 4, 128, 1000, 2048, 64


def make_data(np):
    """Sequences labelled by whether token 1 occurs before token 2."""
    rng = np.random.default_rng(0)
    x = rng.integers(3, VOCAB, (SAMPLES, SEQUENCE)).astype("int32")
    y = rng.integers(0, 2, SAMPLES)
    for row, label in zip(x, y):
        i, j = sorted(rng.choice(SEQUENCE, 2, replace=False))
        row[i], row[j] = (1, 2) if label else (2, 1)
    return x, y


def build_keras_model(keras):
    layers = keras.layers

    class TokenAndPosition(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.tokens = layers.Embedding(VOCAB, EMBED)
            self.positions = layers.Embedding(SEQUENCE, EMBED)

        def call(self, x):
            return self.tokens(x) + self.positions(keras.ops.arange(0, SEQUENCE, 1))

    class EncoderBlock(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.attention = layers.MultiHeadAttention(HEADS, EMBED // HEADS)
            self.ffn = keras.Sequential([layers.Dense(FF, activation="relu"), layers.Dense(EMBED)])
            self.norm1 = layers.LayerNormalization(epsilon=1e-6)
            self.norm2 = layers.LayerNormalization(epsilon=1e-6)
            self.drop1, self.drop2 = layers.Dropout(0.1), layers.Dropout(0.1)

        def call(self, x, training=False):
            x = self.norm1(x + self.drop1(self.attention(x, x), training=training))
            return self.norm2(x + self.drop2(self.ffn(x), training=training))

    inputs = keras.Input((SEQUENCE,), dtype="int32")
    x = EncoderBlock()(TokenAndPosition()(inputs))
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(2, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def train_keras_like(framework, epochs):
    import numpy as np

    if framework == "keras":
        import keras
    else:
        import kerasish as keras
    x, y = make_data(np)
    model = build_keras_model(keras)
    for _ in range(epochs):
        start, cpu = time.perf_counter(), time.process_time()
        history = model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
        report(time.perf_counter() - start, time.process_time() - cpu, history.history)


def train_torch(epochs):
    import numpy as np
    import torch
    from torch import nn

    x, y = make_data(np)
    x, y = torch.from_numpy(x).long(), torch.from_numpy(y).long()

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.tokens, self.positions = nn.Embedding(VOCAB, EMBED), nn.Embedding(SEQUENCE, EMBED)
            self.encoder = nn.TransformerEncoderLayer(
                EMBED, HEADS, FF, dropout=0.1, batch_first=True, layer_norm_eps=1e-6)
            self.out = nn.Linear(EMBED, 2)

        def forward(self, tokens):
            h = self.tokens(tokens) + self.positions(torch.arange(SEQUENCE))
            return self.out(self.encoder(h).mean(dim=1))

    model = Model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        start, cpu = time.perf_counter(), time.process_time()
        order = torch.randperm(SAMPLES)
        losses = []
        for i in range(0, SAMPLES, BATCH):
            batch = order[i:i + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        report(time.perf_counter() - start, time.process_time() - cpu,
               {"loss": [sum(losses) / len(losses)]})


def report(wall, cpu, history):
    print(f"epoch wall={wall:.3f}s cpu={cpu:.3f}s loss={history['loss'][-1]:.4f}", flush=True)


def run_worker(framework, epochs, threads):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=ROOT)
    if threads:
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                     "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
            env[name] = str(threads)
    result = subprocess.run(
        [sys.executable, __file__, framework, "--epochs", str(epochs)],
        env=env, capture_output=True, text=True, check=True,
    )
    return [(float(w), float(c)) for w, c in
            re.findall(r"epoch wall=([\d.]+)s cpu=([\d.]+)s", result.stdout)]


def compare(args):
    frameworks = ["kerasish", "keras"]
    try:
        import importlib.util

        if importlib.util.find_spec("torch") is not None:
            frameworks.append("torch")
    except ImportError:
        pass
    walls, cpus = {f: [] for f in frameworks}, {f: [] for f in frameworks}
    for round_index in range(args.rounds):
        order = frameworks[round_index % len(frameworks):] + frameworks[:round_index % len(frameworks)]
        for framework in order:
            epochs = run_worker(framework, args.epochs, args.threads)
            walls[framework] += [w for w, _ in epochs[1:]]  # the first epoch warms up
            cpus[framework] += [c for _, c in epochs[1:]]
            print(f"round {round_index + 1} {framework}: wall "
                  + " ".join(f"{w:.2f}" for w, _ in epochs) + "  cpu "
                  + " ".join(f"{c:.2f}" for _, c in epochs), flush=True)
    print(f"\nseconds per epoch ({SAMPLES // BATCH} steps of batch {BATCH}), epochs after the first:")
    for name, table in (("wall", walls), ("cpu", cpus)):
        for framework, values in table.items():
            print(f"  {name} {framework:9s} min {min(values):.2f}  max {max(values):.2f}  "
                  f"({len(values)} epochs)")
        ratio = min(table["kerasish"]) / min(table["keras"])
        print(f"  {name}: kerasish / TF-Keras (minimums) {ratio:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("framework", choices=["compare", "kerasish", "keras", "torch"])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    sys.path.insert(0, ROOT)
    if args.framework == "compare":
        compare(args)
    elif args.framework == "torch":
        train_torch(args.epochs)
    else:
        train_keras_like(args.framework, args.epochs)


if __name__ == "__main__":
    main()
