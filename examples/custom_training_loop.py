"""A training loop written from scratch, as in the TensorFlow guide "Writing a
training loop from scratch", with `tf.GradientTape` changed to
`keras.GradientTape`: batches, the forward pass under the tape, gradients,
`optimizer.apply_gradients`, metrics updated and reset by hand each epoch, and
a validation pass.

    python examples/custom_training_loop.py [--epochs 2]
"""

import argparse
import time

import numpy as np

import kerasish as keras


def batches(x, y, batch_size, rng=None):
    order = np.arange(len(x)) if rng is None else rng.permutation(len(x))
    for start in range(0, len(x), batch_size):
        part = order[start:start + batch_size]
        yield x[part], y[part]


def main():
    parser = argparse.ArgumentParser(description="A custom training loop with keras.GradientTape.")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
    x_test = x_test.reshape(-1, 784).astype("float32") / 255.0
    x_val, y_val = x_train[-10000:], y_train[-10000:]
    x_train, y_train = x_train[:-10000], y_train[:-10000]

    inputs = keras.Input(shape=(784,), name="digits")
    x = keras.layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = keras.layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = keras.layers.Dense(10, name="predictions")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)

    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    train_acc_metric = keras.metrics.SparseCategoricalAccuracy()
    val_acc_metric = keras.metrics.SparseCategoricalAccuracy()
    rng = np.random.default_rng(0)

    for epoch in range(args.epochs):
        print(f"\nStart of epoch {epoch}")
        start_time = time.time()
        for step, (x_batch, y_batch) in enumerate(batches(x_train, y_train, args.batch_size, rng)):
            with keras.GradientTape() as tape:
                logits = model(x_batch, training=True)
                loss_value = loss_fn(y_batch, logits)
            grads = tape.gradient(loss_value, model.trainable_weights)
            optimizer.apply_gradients(zip(grads, model.trainable_weights))
            train_acc_metric.update_state(y_batch, logits)
            if step % 200 == 0:
                print(f"Training loss (for one batch) at step {step}: {float(loss_value):.4f}")
                print(f"Seen so far: {(step + 1) * args.batch_size} samples")

        print(f"Training acc over epoch: {float(train_acc_metric.result()):.4f}")
        train_acc_metric.reset_state()

        for x_batch, y_batch in batches(x_val, y_val, 256):
            val_acc_metric.update_state(y_batch, model(x_batch, training=False))
        print(f"Validation acc: {float(val_acc_metric.result()):.4f}")
        val_acc_metric.reset_state()
        print(f"Time taken: {time.time() - start_time:.2f}s")

    test_logits = model.predict(x_test, verbose=0)
    print(f"Test accuracy: {np.mean(test_logits.argmax(axis=1) == y_test):.4f}")


if __name__ == "__main__":
    main()
