"""Forecasting next year's sunspot activity from the previous 24 years with a
GRU, on the yearly sunspot numbers 1700-2008 that statsmodels ships (so it
runs offline); written as for Keras but for the import line.

Example-only dependency (kerasish itself does not need it):
    pip install statsmodels

    PYTHONPATH=. python examples/sunspots_forecast.py            (kerasish)
    PYTHONPATH=. python examples/sunspots_forecast.py --keras    (the same program on TF-Keras)

Trains on the years up to 1930, keeps 1931-1960 for early stopping and tests
on 1961-2008; prints the test mean absolute error beside two baselines
(this year's value, and the value 11 years ago: the solar cycle).
"""

import argparse

import numpy as np

try:
    import statsmodels.api as sm
except ImportError:
    raise SystemExit("This example needs statsmodels for its data: pip install statsmodels")

parser = argparse.ArgumentParser()
parser.add_argument("--keras", action="store_true", help="run on TF-Keras instead")
parser.add_argument("--epochs", type=int, default=300)
args = parser.parse_args()

if args.keras:
    import keras
else:
    import kerasish as keras

WINDOW = 24

data = sm.datasets.sunspots.load_pandas().data
years = data["YEAR"].to_numpy().astype(int)
activity = data["SUNACTIVITY"].to_numpy().astype("float32")
# Scale with the training years' statistics only.
train_end, validation_end = np.searchsorted(years, 1931), np.searchsorted(years, 1961)
scale = activity[:train_end].std()
series = activity / scale


def windows(start, stop):
    """Inputs: the WINDOW years before each target year in [start, stop)."""
    targets = np.arange(max(start, WINDOW), stop)
    x = np.stack([series[t - WINDOW: t] for t in targets])[..., None]
    return x, series[targets][:, None], targets


x_train, y_train, _ = windows(0, train_end)
x_val, y_val, _ = windows(train_end, validation_end)
x_test, y_test, test_rows = windows(validation_end, len(series))

keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input((WINDOW, 1)),
    keras.layers.GRU(32, return_sequences=True),
    keras.layers.GRU(16),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(0.003), loss="mse", metrics=["mae"])
stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=30, restore_best_weights=True)
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=args.epochs,
                    batch_size=32, callbacks=[stop], verbose=0)

forecast = model.predict(x_test, verbose=0)[:, 0] * scale
truth = y_test[:, 0] * scale
persistence = series[test_rows - 1] * scale
cycle = series[test_rows - 11] * scale
test_years = years[test_rows]
print(f"{'TF-Keras' if args.keras else 'kerasish'}: trained {len(history.history['loss'])} "
      f"epochs; test years {test_years[0]}-{test_years[-1]}, mean absolute error:")
print(f"  GRU forecast           {np.abs(forecast - truth).mean():6.2f}")
print(f"  same as last year      {np.abs(persistence - truth).mean():6.2f}")
print(f"  same as 11 years ago   {np.abs(cycle - truth).mean():6.2f}")
for row in range(0, len(test_years), 8):
    print(f"  {test_years[row]}: actual {truth[row]:6.1f}, forecast {forecast[row]:6.1f}")
