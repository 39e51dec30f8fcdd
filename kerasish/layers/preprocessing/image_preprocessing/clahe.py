"""`ContrastLimitedAdaptiveHistogramEqualization` (CLAHE): histogram
equalization per tile, with clipped histograms and smooth tile borders."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import (
    ColorLayer,
    transform_value_range,
)

_LEVELS = 256
_F32 = np.float32


class ContrastLimitedAdaptiveHistogramEqualization(ColorLayer):
    """Equalizes the histogram of each tile of a `tile_grid_size` grid,
    each image and channel on its own, and blends the four nearest tiles'
    mappings bilinearly so that tile borders do not show.

    Histogram counts above `clip_limit` times the mean count are cut and
    spread over all levels, which keeps noise in flat regions from being
    amplified. An image whose sides are not multiples of the grid is padded
    (mirrored) for the histograms. The layer works in (0, 255) terms
    (`value_range` is mapped there and back), is deterministic and is
    applied in training and inference alike; outputs keep the input dtype.

    Input shape:
        3D (one image) or 4D (a batch) tensor: `(..., height, width,
        channels)` with `"channels_last"`, `(..., channels, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape.

    Args:
        value_range: the (low, high) of the pixel values; `(0, 255)` by default.
        clip_limit: the histogram clip level, relative to a flat histogram;
            4.0 by default (0 or less: no clipping).
        tile_grid_size: `(rows, columns)` of tiles; `(8, 8)` by default.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape and dtype.

    Examples:
        >>> layer = keras.layers.ContrastLimitedAdaptiveHistogramEqualization(
        ...     clip_limit=0, tile_grid_size=(1, 1))
        >>> image = np.array([10.0, 10.0, 20.0, 30.0], dtype="float32").reshape(2, 2, 1)
        >>> np.asarray(layer(image))[:, :, 0]
        array([[127.5 , 127.5 ],
               [191.25, 255.  ]], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), clip_limit=4.0, tile_grid_size=(8, 8),
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.clip_limit = clip_limit
        self.tile_grid_size = tile_grid_size

    def transform_images(self, images, transformation=None, training=True):
        images = np.asarray(ops.convert_to_numpy(images))
        original_dtype = images.dtype
        if self.data_format == "channels_first":
            images = images.transpose(0, 2, 3, 1)
        scaled = transform_value_range(images, self.value_range, (0, 255), "float32")
        equalized = self._clahe(np.asarray(scaled))
        result = transform_value_range(equalized, (0, 255), self.value_range, "float32")
        result = np.asarray(result).astype(original_dtype)
        return result.transpose(0, 3, 1, 2) if self.data_format == "channels_first" else result

    def _clahe(self, images):
        """The equalized (batch, height, width, channels) images, as float32."""
        height, width = images.shape[1:3]
        grid_h, grid_w = self.tile_grid_size
        tile_h, tile_w = -(-height // grid_h), -(-width // grid_w)
        padded = np.pad(images, ((0, 0), (0, tile_h * grid_h - height),
                                 (0, tile_w * grid_w - width), (0, 0)), mode="symmetric")
        mappings = self._tile_mappings(padded, tile_h, tile_w)
        # Edge tiles repeated once on each side: pixels near the border blend
        # an edge tile with itself.
        mappings = np.pad(mappings, ((0, 0), (1, 1), (1, 1), (0, 0), (0, 0)), mode="edge")
        rows, row_weights = _neighbours(padded.shape[1], tile_h, grid_h)
        cols, col_weights = _neighbours(padded.shape[2], tile_w, grid_w)
        levels = np.clip(padded, 0, 255).astype(np.int32)
        batch_index = np.arange(len(images))[:, None, None, None]
        channel_index = np.arange(images.shape[3])[None, None, None, :]

        def mapped(row, col):
            return mappings[batch_index, row[None, :, None, None], col[None, None, :, None],
                            channel_index, levels]

        wy = row_weights[None, :, None, None]
        wx = col_weights[None, None, :, None]
        top = mapped(rows[0], cols[0]) * (1 - wx) + mapped(rows[0], cols[1]) * wx
        bottom = mapped(rows[1], cols[0]) * (1 - wx) + mapped(rows[1], cols[1]) * wx
        return (top * (1 - wy) + bottom * wy)[:, :height, :width, :]

    def _tile_mappings(self, padded, tile_h, tile_w):
        """Each tile's level -> output lookup: (batch, rows, cols, channels, 256)."""
        batch, _, _, channels = padded.shape
        grid_h, grid_w = self.tile_grid_size
        tiles = padded.reshape(batch, grid_h, tile_h, grid_w, tile_w, channels)
        tiles = tiles.transpose(0, 1, 3, 5, 2, 4).reshape(-1, tile_h * tile_w)
        levels = np.clip(tiles.astype(np.int32), 0, 255)
        offsets = np.arange(len(levels))[:, None] * _LEVELS
        counts = np.bincount((levels + offsets).ravel(), minlength=len(levels) * _LEVELS)
        histograms = counts.reshape(len(levels), _LEVELS).astype(_F32)
        area = tile_h * tile_w
        if self.clip_limit > 0:
            limit = _F32(self.clip_limit * area / 256.0)
            clipped = np.clip(histograms, 0, limit)
            excess = np.sum(histograms - clipped, axis=-1, keepdims=True)
            histograms = clipped + excess / _F32(256.0)
        cdf = np.cumsum(histograms, axis=-1)
        cdf_min = np.min(cdf, axis=-1, keepdims=True)
        denominator = _F32(area) - cdf_min
        denominator = np.where(denominator == 0, _F32(1), denominator)
        mappings = np.clip((cdf - cdf_min) * _F32(255.0) / denominator, 0, 255)
        return mappings.reshape(batch, grid_h, grid_w, channels, _LEVELS)

    def get_config(self):
        config = super().get_config()
        config.update({"value_range": self.value_range, "clip_limit": self.clip_limit,
                       "tile_grid_size": self.tile_grid_size, "data_format": self.data_format})
        return config


def _neighbours(size, tile, grid):
    """For each pixel row (or column): the indices of the tile centres above
    and below it in the edge-padded grid, and the weight of the lower one."""
    position = (np.arange(size, dtype=_F32) - _F32(tile / 2.0)) / _F32(tile) + _F32(1.0)
    before = np.floor(position)
    weight = position - before
    lower = np.clip(before, 0, grid + 1).astype(np.int32)
    upper = np.clip(before + 1, 0, grid + 1).astype(np.int32)
    return (lower, upper), weight
