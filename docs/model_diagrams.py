"""Draws the architecture diagrams shown in the docs with
`kerasish.utils.plot_model`: the convnet of examples/mnist_cnn.py (same
layers) and the functional model of the models guide.

    python docs/model_diagrams.py      # needs Graphviz: apt install graphviz

Writes docs/pages/images/mnist_cnn_model.png and functional_model.png. The
code is the one shown in docs/pages/guides/models-and-training.md; change
both together (tests/test_model_visualization.py runs the page's code).
"""

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGES = os.path.join(REPO, "docs", "pages", "images")
sys.path.insert(0, REPO)

import kerasish as keras  # noqa: E402
from kerasish import layers  # noqa: E402


def draw_mnist_cnn(path):
    cnn = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ]
    )
    keras.utils.plot_model(cnn, to_file=path, show_shapes=True,
                           show_layer_activations=True, dpi=80)


def draw_functional(path):
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    skip = keras.layers.Concatenate()([inputs, hidden])
    outputs = keras.layers.Dense(3, activation="softmax")(skip)
    functional = keras.Model(inputs, outputs)
    keras.utils.plot_model(functional, to_file=path, show_shapes=True,
                           show_layer_names=True, dpi=80)


def main():
    os.makedirs(IMAGES, exist_ok=True)
    for draw, name in ((draw_mnist_cnn, "mnist_cnn_model.png"),
                       (draw_functional, "functional_model.png")):
        keras.utils.clear_session()  # the same automatic layer names at every run
        draw(os.path.join(IMAGES, name))
        print(f"wrote {os.path.relpath(IMAGES, REPO)}/{name}")


if __name__ == "__main__":
    main()
