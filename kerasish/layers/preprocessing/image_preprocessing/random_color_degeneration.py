"""`RandomColorDegeneration`: blends images towards their grey version."""

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import (
    RandomColorLayer,
    channel_axis,
    per_image,
)


class RandomColorDegeneration(RandomColorLayer):
    """During training, computes `x + f * (gray(x) - x)` per image with `f`
    drawn from `factor`, then clips to `value_range`: `f = 1` gives the grey
    image, `f = 0` the original, and colours fade in between.

    Images pass through unchanged with `training=False`.

    Input shape:
        3D (one image) or 4D (a batch) tensor with 3 channels: `(...,
        height, width, 3)` with `"channels_last"`, `(..., 3, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape, in the layer's compute dtype.

    Args:
        factor: a number `f` in [-1, 1] for [-f, f] (Keras's bounds), or a
            pair `(low, high)`; `(0.5, 0.5)` always blends halfway.
        value_range: the (low, high) the results are clipped to; `(0, 255)`
            by default.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for reproducible draws, or None for the global random state.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [-1, 1],
            `value_range` is not a pair, or (for symbolic shapes) the images
            do not have 3 channels.

    Examples:
        >>> layer = keras.layers.RandomColorDegeneration(factor=(0.5, 0.5))
        >>> image = np.array([[[100.0, 0.0, 0.0]]], dtype="float32")
        >>> np.round(np.asarray(layer(image)), 3)
        array([[[64.945, 14.945, 14.945]]], dtype=float32)
    """

    def get_random_transformation(self, images, training=True, rng=None):
        draws = rng.uniform(self.factor[0], self.factor[1], ops.shape(images)[0])
        return {"factor": per_image(draws, "float32")}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        factor = ops.cast(transformation["factor"], self.compute_dtype)
        gray = ops.image.rgb_to_grayscale(images, data_format=self.data_format)
        blended = ops.add(images, ops.multiply(factor, ops.subtract(gray, images)))
        return ops.clip(blended, self.value_range[0], self.value_range[1])

    def compute_output_shape(self, input_shape):
        if len(input_shape) not in (3, 4):
            raise ValueError(
                "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of "
                f"images). Received: input_shape={input_shape}")
        channels = input_shape[channel_axis(self.data_format)]
        if channels is not None and channels != 3:
            raise ValueError("Input images must have 3 channels, but received images with "
                             f"{channels} channels.")
        return input_shape
