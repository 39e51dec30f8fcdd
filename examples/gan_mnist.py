"""A small DCGAN on MNIST, written as Keras's GAN guides write it: a `keras.Model`
subclass whose `train_step(data)` trains the discriminator and then the
generator with two optimizers, gradients through `keras.GradientTape`, and
two `keras.metrics.Mean` trackers that `fit` logs as `d_loss` and `g_loss`.

Runs on the MNIST copy bundled with kerasish (no download) and writes a 4x8
grid of generated digits to `gan_mnist_samples.png` (a PNG written with the
standard library's zlib, so Pillow is not needed). The defaults (2048 images,
3 epochs) take a few minutes on two cores; the digits start to take shape
after a few more epochs (`--epochs 10`).

    python examples/gan_mnist.py [--epochs 3] [--samples 2048] [--output PATH]
"""

import argparse
import struct
import zlib

import numpy as np

import kerasish as keras
from kerasish import layers, ops

LATENT_DIM = 32


def make_discriminator():
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 4, strides=2, padding="same", activation="leaky_relu"),
        layers.Conv2D(32, 4, strides=2, padding="same", activation="leaky_relu"),
        layers.Flatten(),
        layers.Dropout(0.2),
        layers.Dense(1, activation="sigmoid"),
    ], name="discriminator")


def make_generator():
    return keras.Sequential([
        keras.Input((LATENT_DIM,)),
        layers.Dense(7 * 7 * 32, activation="leaky_relu"),
        layers.Reshape((7, 7, 32)),
        layers.Conv2DTranspose(32, 4, strides=2, padding="same", activation="leaky_relu"),
        layers.Conv2DTranspose(16, 4, strides=2, padding="same", activation="leaky_relu"),
        layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
    ], name="generator")


class GAN(keras.Model):
    def __init__(self, discriminator, generator, latent_dim, seed=1337):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.rng = np.random.default_rng(seed)

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn
        self.d_loss_metric = keras.metrics.Mean(name="d_loss")
        self.g_loss_metric = keras.metrics.Mean(name="g_loss")

    @property
    def metrics(self):
        return [self.d_loss_metric, self.g_loss_metric]

    def noise(self, batch_size):
        return self.rng.normal(size=(batch_size, self.latent_dim)).astype("float32")

    def train_step(self, real_images):
        batch_size = ops.shape(real_images)[0]
        # Train the discriminator on generated (label 1) and real (label 0) images.
        with keras.backend.no_grad():  # the generator's output is data for this step
            generated_images = self.generator(self.noise(batch_size))
        combined_images = ops.concatenate([generated_images, real_images], axis=0)
        labels = np.concatenate([np.ones((batch_size, 1)), np.zeros((batch_size, 1))])
        labels = (labels + 0.05 * self.rng.random(labels.shape)).astype("float32")
        with keras.GradientTape() as tape:
            predictions = self.discriminator(combined_images, training=True)
            d_loss = self.loss_fn(labels, predictions)
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))

        # Train the generator to make the discriminator say "real" (label 0).
        misleading_labels = np.zeros((batch_size, 1), "float32")
        with keras.GradientTape() as tape:
            fakes = self.generator(self.noise(batch_size), training=True)
            g_loss = self.loss_fn(misleading_labels, self.discriminator(fakes))
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))

        self.d_loss_metric.update_state(d_loss)
        self.g_loss_metric.update_state(g_loss)
        return {"d_loss": self.d_loss_metric.result(), "g_loss": self.g_loss_metric.result()}


def write_png(path, image):
    """Writes a (height, width) array of values in [0, 1] as an 8-bit grayscale PNG."""
    pixels = (np.clip(image, 0, 1) * 255).astype(np.uint8)
    rows = b"".join(b"\x00" + row.tobytes() for row in pixels)  # filter type 0 per row

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", pixels.shape[1], pixels.shape[0], 8, 0, 0, 0, 0)
    with open(path, "wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                   + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def image_grid(images, rows, cols):
    """Tiles (n, 28, 28, 1) images into one (rows * 28, cols * 28) image."""
    tiles = images[:rows * cols, :, :, 0].reshape(rows, cols, 28, 28)
    return tiles.transpose(0, 2, 1, 3).reshape(rows * 28, cols * 28)


def main():
    parser = argparse.ArgumentParser(description="A small DCGAN on MNIST.")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=2048)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--output", default="gan_mnist_samples.png")
    args = parser.parse_args()

    keras.utils.set_random_seed(0)
    (x_train, _), _ = keras.datasets.mnist.load_data()
    images = (x_train[:args.samples].astype("float32") / 255.0)[..., None]

    gan = GAN(make_discriminator(), make_generator(), LATENT_DIM)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(learning_rate=0.0003, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(learning_rate=0.0003, beta_1=0.5),
        loss_fn=keras.losses.BinaryCrossentropy(),
    )
    history = gan.fit(images, epochs=args.epochs, batch_size=args.batch_size, verbose=2)
    print({key: [round(v, 4) for v in values] for key, values in history.history.items()})

    samples = gan.generator.predict(gan.noise(32), verbose=0)
    write_png(args.output, image_grid(samples, 4, 8))
    print(f"Wrote a 4x8 grid of generated digits to {args.output}")


if __name__ == "__main__":
    main()
