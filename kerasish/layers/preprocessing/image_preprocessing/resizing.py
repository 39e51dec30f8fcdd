"""`Resizing`: resizes images to a fixed size."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class Resizing(BaseImagePreprocessingLayer):
    """Resizes images to `height` x `width` with TensorFlow's numbers.

    Takes a batch (4-D) or a single image (3-D). By default the aspect ratio
    is not kept; `crop_to_aspect_ratio=True` first crops the largest centred
    window of the target ratio, `pad_to_aspect_ratio=True` first pads with
    `fill_value`. Integer images come back rounded in their own dtype.

    Args:
        height: the output height, an int.
        width: the output width, an int.
        interpolation: `"bilinear"` (default), `"nearest"`, `"bicubic"`,
            `"area"`, `"lanczos3"` or `"lanczos5"`.
        crop_to_aspect_ratio: whether to crop to the target aspect ratio first.
        pad_to_aspect_ratio: whether to pad to the target aspect ratio first.
        fill_mode: how padding is filled; only `"constant"`.
        fill_value: the padding value (default 0.0).
        antialias: whether to filter with an antialiasing kernel when
            downsampling (bilinear, bicubic, lanczos).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing resized images.

    Input shape:
        A 4-D batch of images `(batch_size, height, width, channels)` or a single
        3-D image `(height, width, channels)` with `data_format="channels_last"`
        (the default); `(batch_size, channels, height, width)` or
        `(channels, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, height, width, channels)` (or without the batch axis for a
        single image) with `"channels_last"`,
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Raises:
        ValueError: on an unknown `interpolation`, a `fill_mode` other than
            `"constant"`, both aspect-ratio options, or inputs that are not
            3-D or 4-D.

    Examples:
        >>> layer = keras.layers.Resizing(2, 2)
        >>> image = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> np.asarray(layer(image))[0, :, :, 0]
        array([[ 2.5,  4.5],
               [10.5, 12.5]], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0,
                 antialias=False, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        image_utils.check_interpolation(interpolation)
        if fill_mode != "constant":
            raise ValueError(
                "Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
                f"Received: fill_mode={fill_mode}"
            )
        if pad_to_aspect_ratio and crop_to_aspect_ratio:
            raise ValueError(
                "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`."
            )
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def transform_images(self, images, transformation=None, training=True):
        input_dtype = np.dtype(ops.dtype(images))
        floats = images if input_dtype.kind == "f" else ops.cast(images, "float32")
        resized = image_utils.resize(
            floats, (self.height, self.width), self.interpolation, self.antialias,
            self.crop_to_aspect_ratio, self.pad_to_aspect_ratio, self.fill_value,
            self.data_format,
        )
        if input_dtype.kind == "f":
            return resized
        return image_utils.saturate_cast(resized, input_dtype)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        if len(shape) == 4:
            h_axis, w_axis = image_utils.spatial_axes(self.data_format)
        else:
            h_axis, w_axis = (0, 1) if self.data_format == "channels_last" else (1, 2)
        shape[h_axis], shape[w_axis] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
        })
        return config
