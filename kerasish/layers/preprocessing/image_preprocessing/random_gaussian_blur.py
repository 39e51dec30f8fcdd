"""`RandomGaussianBlur`: blurs some images with a Gaussian of random width."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)
from kerasish.layers.preprocessing.image_preprocessing.data_dicts import KeepsAnnotations


def named_factor(factor, name, bounds=(0, 1)):
    """(lower, upper) of a number or pair argument within `bounds`, as the
    base `factor`, with Keras's message naming the argument."""
    low, high = bounds
    message = (f"The `{name}` argument should be a number (or a list of two numbers) in the "
               f"range [{low}, {high}]. Received: factor={factor}")
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2 or factor[0] > high or factor[1] < low:
            raise ValueError(message)
        return tuple(sorted(factor))
    if isinstance(factor, (int, float)) and not isinstance(factor, bool):
        if factor < low or factor > high:
            raise ValueError(message)
        return max(-abs(factor), low), abs(factor)
    raise ValueError(message)


def _kernel_size(size, name="kernel_size"):
    message = f"{name} must be an odd number. Received: {name}={size}"
    if isinstance(size, (tuple, list)):
        if len(size) != 2:
            raise ValueError(f"The `{name}` argument should be a number (or a list of two "
                             f"numbers) Received: {name}={size}")
        if size[0] % 2 == 0 or size[1] % 2 == 0:
            raise ValueError(message)
        return tuple(size)
    if isinstance(size, (int, float)) and not isinstance(size, bool):
        if size % 2 == 0:
            raise ValueError(message)
        return size, size
    raise ValueError(message)


def apply_where(apply, transformed, images):
    """`transformed` for the images whose `apply` flag is set, else `images`."""
    if apply.all():
        return transformed
    if not apply.any():
        return images
    return ops.where(apply.reshape(-1, 1, 1, 1), transformed, images)


class RandomGaussianBlur(KeepsAnnotations, BaseImagePreprocessingLayer):
    """Blurs each image, with a probability drawn from `factor`, by a
    Gaussian kernel whose standard deviations are drawn from `sigma`.

    As in Keras, one pair of standard deviations (vertical, horizontal) is
    drawn per batch, and the blurred images are clipped to `value_range`.
    The blur uses zero padding (edges darken). Labels, bounding boxes and
    segmentation masks pass through. Images pass through (cast to the
    layer's dtype) with `training=False`.

    Args:
        factor: the blur probability: a number `f` for a probability drawn
            from [0, f], or a pair `(low, high)` within [0, 1]. Defaults to 1.
        kernel_size: an odd int, or a pair of odd ints. Defaults to 3.
        sigma: the standard deviation: a number `s` for [0, s], or a pair,
            within [0, 1]. Defaults to 1.
        value_range: the `(low, high)` range of the images, the blurred
            images are clipped to. Defaults to (0, 255).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for reproducible draws, or None for the global random
            state.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        3-D `(height, width, channels)` or 4-D `(batch, height, width,
        channels)` (channels first with `data_format="channels_first"`),
        or a dict with `"images"` and other entries.

    Output shape:
        The input's shape.

    Returns:
        A layer producing (partly) blurred images.

    Raises:
        ValueError: for a factor or sigma outside [0, 1] or an even
            `kernel_size`.

    Examples:
        >>> layer = keras.layers.RandomGaussianBlur(factor=(1.0, 1.0), sigma=(0.5, 0.5))
        >>> image = np.zeros((1, 3, 3, 1), "float32")
        >>> image[0, 1, 1, 0] = 100.0
        >>> np.round(np.asarray(layer(image))[0, :, :, 0], 2)
        array([[ 1.13,  8.38,  1.13],
               [ 8.38, 61.93,  8.38],
               [ 1.13,  8.38,  1.13]], dtype=float32)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, factor=1.0, kernel_size=3, sigma=1.0, value_range=(0, 255),
                 data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.kernel_size = _kernel_size(kernel_size)
        self.sigma = named_factor(sigma, "sigma")
        self.value_range = value_range
        self._init_seed(seed)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        batch = np.shape(images)[0]
        probability = rng.uniform(self.factor[0], self.factor[1], size=batch)
        apply = rng.uniform(size=batch) < probability
        sigmas = rng.uniform(self.sigma[0], self.sigma[1], size=2).astype("float32") + 1e-6
        return {"should_apply_blur": apply, "blur_factor": sigmas}

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        blurred = ops.image.gaussian_blur(images, kernel_size=self.kernel_size,
                                          sigma=transformation["blur_factor"],
                                          data_format=self.data_format)
        images = apply_where(transformation["should_apply_blur"], blurred, images)
        return ops.clip(images, self.value_range[0], self.value_range[1])

    def get_config(self):
        config = super().get_config()
        config.update({
            "factor": self.factor,
            "kernel_size": self.kernel_size,
            "sigma": self.sigma,
            "value_range": self.value_range,
            "seed": self.seed,
        })
        return config
