"""Regression on scikit-learn's diabetes data with Adam, L2 regularization,
Dropout, EarlyStopping and ReduceLROnPlateau, written as for Keras but for the
import line. Plots the learning curves to examples/output/regression_adam.png.

Example-only dependencies (kerasish itself needs neither):
    pip install scikit-learn matplotlib
scikit-learn ships the diabetes data inside the package, so this runs offline.

    PYTHONPATH=. python examples/regression_adam.py     (from the repository root)
"""

import os

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split

import kerasish as keras
from kerasish import layers, regularizers

OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "output", "regression_adam.png")

keras.utils.set_random_seed(0)

# 442 patients, 10 standardized measurements, disease progression after a year.
x, y = load_diabetes(return_X_y=True)
x_train, x_test, y_train, y_test = train_test_split(
    x.astype("float32"), y.astype("float32"), test_size=0.2, random_state=0
)
# Standardize with the training set's statistics only.
x_mean, x_std = x_train.mean(axis=0), x_train.std(axis=0)
y_mean, y_std = y_train.mean(), y_train.std()
x_train, x_test = (x_train - x_mean) / x_std, (x_test - x_mean) / x_std
y_train_scaled = (y_train - y_mean) / y_std

model = keras.Sequential(
    [
        keras.Input((x_train.shape[1],)),
        layers.Dense(32, activation="relu", kernel_regularizer=regularizers.L2(1e-2)),
        layers.Dropout(0.3),
        layers.Dense(16, activation="relu", kernel_regularizer=regularizers.L2(1e-2)),
        layers.Dense(1),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="mse",
    metrics=[keras.metrics.MeanAbsoluteError(name="mae"), keras.metrics.R2Score()],
)
callbacks = [
    keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=25, restore_best_weights=True, verbose=1
    ),
    keras.callbacks.ReduceLROnPlateau(
        monitor="val_loss", factor=0.5, patience=8, min_lr=1e-5, verbose=1
    ),
]
history = model.fit(
    x_train,
    y_train_scaled,
    validation_split=0.2,
    epochs=400,
    batch_size=32,
    callbacks=callbacks,
    verbose=0,
)

predictions = model.predict(x_test, verbose=0)[:, 0] * y_std + y_mean
test_mae = float(np.mean(np.abs(predictions - y_test)))
r2 = keras.metrics.R2Score()
r2.update_state(y_test[:, None], predictions[:, None])
print(f"Trained {len(history.epoch)} epochs")
print(f"Test MAE: {test_mae:.1f} (target range {y.min():.0f}-{y.max():.0f})")
print(f"Test R2: {float(r2.result()):.3f}")


def plot(history, path):
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    figure, (loss_axes, lr_axes) = plt.subplots(1, 2, figsize=(11, 4))
    loss_axes.plot(history.history["loss"], label="training loss (MSE + L2)")
    loss_axes.plot(history.history["val_loss"], label="validation loss")
    loss_axes.set_xlabel("epoch")
    loss_axes.set_ylabel("loss (standardized target)")
    loss_axes.set_title("Learning curves")
    loss_axes.legend()
    lr_axes.plot(history.history["learning_rate"])
    lr_axes.set_yscale("log")
    lr_axes.set_xlabel("epoch")
    lr_axes.set_title("Learning rate (ReduceLROnPlateau)")
    figure.tight_layout()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    figure.savefig(path, dpi=100)
    print(f"Saved {path}")


plot(history, OUTPUT)
