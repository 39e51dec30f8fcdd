"""`timeseries_dataset_from_array`: sliding windows over a sequence, batched."""

import numpy as np

from kerasish.utils.dataset_utils import BatchDataset


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1,
                                  sampling_rate=1, batch_size=128, shuffle=False, seed=None,
                                  start_index=None, end_index=None):
    """Creates a dataset of sliding windows over a timeseries, as Keras does.

    Window `i` starts at `start_index + i * sequence_stride` and holds
    `sequence_length` timesteps taken every `sampling_rate` steps; its target
    is `targets[start_index + i * sequence_stride]` (so, to predict the step
    after a window, pass `targets=data[sequence_length:]`). The windows and
    targets are the ones Keras's TensorFlow dataset yields, in the same order
    when `shuffle=False`.

    Args:
        data: an array (or array-like) whose first axis is time.
        targets: an array with one target per timestep of `data`, or None.
        sequence_length: the number of timesteps in a window.
        sequence_stride: the distance between the starts of consecutive
            windows.
        sampling_rate: the distance between consecutive timesteps of a
            window.
        batch_size: windows per batch (the last may be smaller); None yields
            single windows.
        shuffle: whether to shuffle the windows (their order first, with
            `np.random.RandomState(seed)` as Keras does, then again every
            epoch).
        seed: the shuffling seed.
        start_index: the first timestep used (default 0).
        end_index: the timestep after the last one used (default: the end).

    Returns:
        A `keras.utils.BatchDataset` of `(windows, targets)` batches, or of
        windows alone when `targets` is None. `fit` takes it directly.

    Raises:
        ValueError: for indices, strides or rates out of range.

    Examples:
        >>> data = np.arange(10)
        >>> dataset = keras.utils.timeseries_dataset_from_array(
        ...     data, targets=data[3:], sequence_length=3, batch_size=4)
        >>> windows, targets = next(iter(dataset))
        >>> windows.tolist(), targets.tolist()
        ([[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]], [3, 4, 5, 6])
    """
    data = np.asarray(data)
    _check_arguments(len(data), start_index, end_index, sampling_rate, sequence_stride)
    start_index = start_index or 0
    end_index = end_index or len(data)
    num_windows = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        targets = np.asarray(targets)
        num_windows = min(num_windows, len(targets))
    starts = np.arange(0, max(num_windows, 0), sequence_stride)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(starts)
    offsets = np.arange(sequence_length) * sampling_rate
    window_data = data[start_index:end_index]
    window_targets = None if targets is None else targets[start_index:end_index]

    def load(indices):
        positions = starts[indices]
        windows = window_data[positions[:, None] + offsets]
        if window_targets is None:
            return windows
        return windows, window_targets[positions]

    return BatchDataset(len(starts), load, batch_size, shuffle=shuffle, seed=seed)


def _check_arguments(length, start_index, end_index, sampling_rate, sequence_stride):
    if start_index:
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: "
                             f"start_index={start_index}")
        if start_index >= length:
            raise ValueError(
                "`start_index` must be lower than the length of the data. Received: "
                f"start_index={start_index}, for data of length {length}"
            )
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(
                "`end_index` must be higher than `start_index`. Received: "
                f"start_index={start_index}, and end_index={end_index} "
            )
        if end_index >= length:
            raise ValueError(
                "`end_index` must be lower than the length of the data. Received: "
                f"end_index={end_index}, for data of length {length}"
            )
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= length:
            raise ValueError(
                f"`{name}` must be lower than the length of the data. Received: "
                f"{name}={value}, for data of length {length}"
            )
