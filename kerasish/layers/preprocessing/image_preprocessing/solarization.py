"""`Solarization`: inverts the pixels above a (random) threshold."""

import numbers

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import (
    ColorLayer,
    check_value_range,
    per_image,
    transform_value_range,
)

_FACTOR_ERROR = ("The `addition_factor` and `threshold_factor` arguments should be a number "
                 "(or a list of two numbers) in the range [0, 1]. ")


class Solarization(ColorLayer):
    """Replaces every pixel `x` at or above a threshold by `255 - x` (in
    (0, 255) terms: `value_range` is mapped there and back), after adding an
    offset to all pixels.

    With the default factors every pixel is inverted. Per image, the
    addition is drawn from `[addition_factor[0], addition_factor[1] * 255]`
    and the threshold from `[threshold_factor[0], threshold_factor[1] * 255]`
    (Keras's bounds: only the upper one is scaled by 255). The layer
    transforms when `training` is True or not given, and passes images
    through (cast to the layer's dtype) with `training=False`.

    Input shape:
        3D (one image) or 4D (a batch) tensor: `(..., height, width,
        channels)` with `"channels_last"`, `(..., channels, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape, in the layer's compute dtype.

    Args:
        addition_factor: a number `f` in [0, 1] for the range (0, f), or a
            pair within [0, 1]: the offset added before thresholding, as a
            fraction of 255. 0 by default.
        threshold_factor: a number or pair like `addition_factor`: the
            threshold as a fraction of 255. 0 by default (every pixel).
        value_range: the (low, high) of the pixel values; `(0, 255)` by default.
        seed: an int for reproducible draws, or None for the global random state.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and
            `data_format`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if a factor is not a number or pair within [0, 1], or
            `value_range` is not a pair.

    Examples:
        >>> layer = keras.layers.Solarization(value_range=(0, 255))
        >>> image = np.array([[0.0, 55.0, 255.0]], dtype="float32").reshape(1, 3, 1)
        >>> np.asarray(layer(image))[0, :, 0]
        array([255., 200.,   0.], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255),
                 seed=None, **kwargs):
        super().__init__(**kwargs)
        self._init_seed(seed)
        self.addition_factor = _unit_factor(addition_factor, "addition_factor")
        self.threshold_factor = _unit_factor(threshold_factor, "threshold_factor")
        self.value_range = check_value_range(value_range)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        batch = ops.shape(images)[0]
        additions = rng.uniform(self.addition_factor[0], self.addition_factor[1] * 255, batch)
        thresholds = rng.uniform(self.threshold_factor[0], self.threshold_factor[1] * 255, batch)
        return {"additions": per_image(additions, self.compute_dtype),
                "thresholds": per_image(thresholds, self.compute_dtype)}

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        images = transform_value_range(images, self.value_range, (0, 255), self.compute_dtype)
        shifted = ops.clip(ops.add(images, transformation["additions"]), 0, 255)
        solarized = ops.where(ops.less(shifted, transformation["thresholds"]), shifted,
                              ops.subtract(255, shifted))
        return transform_value_range(solarized, (0, 255), self.value_range, self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update({"value_range": self.value_range, "addition_factor": self.addition_factor,
                       "threshold_factor": self.threshold_factor, "seed": self.seed})
        return config


def _unit_factor(factor, name):
    """(low, high) from a number `f` (meaning (0, f)) or a pair, all in [0, 1]."""
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(_FACTOR_ERROR + f"Received: {name}={factor}")
        bounds = sorted(factor)
    elif isinstance(factor, numbers.Real):
        bounds = [0, factor]
    else:
        raise ValueError(_FACTOR_ERROR + f"Received: {name}={factor}")
    for value in bounds:
        if value > 1.0 or value < 0:
            raise ValueError(_FACTOR_ERROR + f"Received: input_number={value}")
    return tuple(bounds)
