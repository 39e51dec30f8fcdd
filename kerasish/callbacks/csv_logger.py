import collections
import csv
import os

import numpy as np

from kerasish.callbacks.callback import Callback


class CSVLogger(Callback):
    """Writes the logs of every epoch to a CSV file.

    The first column is `epoch` (from 0), then one column per entry of the
    first epoch's logs, in sorted order; as in Keras, `val_` columns are
    added even when validation has not run (yet), filled with "NA". The
    file is opened at the start of `fit`, flushed after each row and closed
    at the end.

    Args:
        filename: path of the CSV file.
        separator: the field separator. Defaults to ",".
        append: whether to add to an existing file (writing the header only
            if the file is empty) rather than overwrite it. Defaults to
            False.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> logger = keras.callbacks.CSVLogger("training.csv")
        >>> _ = model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=2, verbose=0,
        ...               callbacks=[logger])
        >>> with open("training.csv") as file:
        ...     rows = file.read().splitlines()
        >>> rows[0], len(rows)
        ('epoch,loss,val_loss', 3)
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        mode = "w"
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as existing:
                    self.append_header = not bool(len(existing.readline()))
            mode = "a"
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = open(self.filename, mode, newline="")
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
            if self.keys and not any(key.startswith("val_") for key in self.keys):
                self.keys.extend([f"val_{key}" for key in self.keys])
        if not self.writer:
            self.writer = csv.DictWriter(
                self.csv_file, fieldnames=["epoch"] + self.keys, delimiter=self.sep,
                lineterminator="\r\n",
            )
            if self.append_header:
                self.writer.writeheader()
        row = collections.OrderedDict({"epoch": epoch})
        row.update((key, _csv_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None


def _csv_value(value):
    if isinstance(value, str):
        return value
    is_scalar_array = isinstance(value, np.ndarray) and value.ndim == 0
    if isinstance(value, collections.abc.Iterable) and not is_scalar_array:
        return f'"[{", ".join(map(str, value))}]"'
    return value
