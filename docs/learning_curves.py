"""Draws the learning curves shown in the docs: the network of
examples/mnist_mlp.py (same layers, optimizer, loss, epochs and batch size),
with the test set passed as validation data so that each epoch is scored on
data it did not train on.

    python docs/learning_curves.py      # about 10 epochs of MNIST

Writes docs/pages/images/mnist_mlp_curves.png and mnist_mlp_history.json
(the numbers behind the picture). Speed is not recorded here: on a shared
machine one run's seconds say little; benchmarks/ measures that.
Needs matplotlib, which kerasish itself does not depend on.
"""

import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGES = os.path.join(REPO, "docs", "pages", "images")
sys.path.insert(0, REPO)

import kerasish as keras  # noqa: E402
from kerasish.datasets import mnist  # noqa: E402
from kerasish.layers import Dense, Flatten  # noqa: E402
from kerasish.models import Sequential  # noqa: E402
from kerasish.optimizers import SGD  # noqa: E402
from kerasish.utils import to_categorical  # noqa: E402

EPOCHS = 10
SEED = 1


def train():
    keras.utils.set_random_seed(SEED)
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    x_train = x_train.reshape(-1, 28, 28, 1) / 255.0
    x_test = x_test.reshape(-1, 28, 28, 1) / 255.0
    y_train, y_test = to_categorical(y_train, 10), to_categorical(y_test, 10)

    model = Sequential([
        keras.Input((28, 28, 1)),
        Flatten(),
        Dense(512, activation="relu"),
        Dense(256, activation="relu"),
        Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=SGD(learning_rate=0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=128,
                        validation_data=(x_test, y_test), verbose=2)
    return history.history


def plot(history, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = range(1, len(history["loss"]) + 1)
    figure, (loss_axes, accuracy_axes) = plt.subplots(1, 2, figsize=(9, 3.4))
    for axes, key, title in ((loss_axes, "loss", "loss (categorical crossentropy)"),
                             (accuracy_axes, "accuracy", "accuracy")):
        axes.plot(epochs, history[key], "o-", label="training (mean over the epoch)")
        axes.plot(epochs, history[f"val_{key}"], "s--", label="test set (end of epoch)")
        axes.set_title(title)
        axes.set_xlabel("epoch")
        axes.set_xticks(list(epochs))
        axes.grid(alpha=0.3)
    accuracy_axes.legend(loc="lower right")
    figure.suptitle("examples/mnist_mlp.py on kerasish: SGD(0.01), batch 128")
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main():
    os.makedirs(IMAGES, exist_ok=True)
    history = train()
    with open(os.path.join(IMAGES, "mnist_mlp_history.json"), "w", encoding="utf-8") as handle:
        json.dump({"seed": SEED, "epochs": EPOCHS, "history": history}, handle, indent=1)
    plot(history, os.path.join(IMAGES, "mnist_mlp_curves.png"))
    print(f"wrote {os.path.relpath(IMAGES, REPO)}/mnist_mlp_curves.png")


if __name__ == "__main__":
    main()
