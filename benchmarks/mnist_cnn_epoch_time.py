"""Epoch time of the Keras MNIST convnet, kerasish vs TF-Keras, same data,
same model, same machine.

    python benchmarks/mnist_cnn_epoch_time.py kerasish
    python benchmarks/mnist_cnn_epoch_time.py keras

Each run trains `--epochs` epochs on the 54,000 training images the example
uses (validation_split=0.1 is left out to time training alone) and prints the
time of every epoch; the first epoch includes warm-up (TF tracing/compiling).
The model is the example's; `--no-dropout` and `--optimizer sgd` give the
variant that runs before Dropout and Adam exist in kerasish.
"""

import argparse
import os
import time

import numpy as np


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("framework", choices=["kerasish", "keras"])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=54000)
    parser.add_argument("--optimizer", default="adam")
    parser.add_argument("--no-dropout", action="store_true")
    args = parser.parse_args()
    if args.framework == "keras":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import keras
    else:
        import kerasish as keras

    import kerasish

    (x, y), _ = kerasish.datasets.mnist.load_data()
    x = np.expand_dims(x[: args.samples].astype("float32") / 255, -1)
    y = kerasish.utils.to_categorical(y[: args.samples], 10)
    model = build(keras, dropout=not args.no_dropout)
    model.compile(loss="categorical_crossentropy", optimizer=args.optimizer, metrics=["accuracy"])
    times, cpu_times = [], []
    for _ in range(args.epochs):
        start, cpu_start = time.perf_counter(), time.process_time()
        history = model.fit(x, y, batch_size=128, epochs=1, verbose=0)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    # On a shared machine wall time depends on the other load; CPU time
    # (all threads of this process) is the steadier measure of work done.
    print(
        f"{args.framework}: epoch wall times {', '.join(f'{t:.1f}s' for t in times)}; "
        f"CPU times {', '.join(f'{t:.1f}s' for t in cpu_times)}; "
        f"best wall {min(times):.1f}s; last accuracy {history.history['accuracy'][-1]:.4f}"
    )


if __name__ == "__main__":
    main()
