"""`CenterCrop`: crops the centre of images to a fixed size."""

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)
from kerasish.layers.preprocessing.image_preprocessing.resizing import Resizing


class CenterCrop(BaseImagePreprocessingLayer):
    """Crops the central `height` x `width` window of each image.

    An image smaller than the target in either dimension is instead cropped
    to the target aspect ratio and resized (bilinear), as Keras's
    `smart_resize` does. Outputs are in the layer's float dtype.

    Args:
        height: the output height, an int.
        width: the output width, an int.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing cropped images.

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
        ValueError: on inputs that are not 3-D or 4-D.

    Examples:
        >>> layer = keras.layers.CenterCrop(2, 2)
        >>> image = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> np.asarray(layer(image))[0, :, :, 0]
        array([[ 5.,  6.],
               [ 9., 10.]], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width

    def transform_images(self, images, transformation=None, training=True):
        images = ops.cast(images, self.compute_dtype)
        height, width = image_utils.image_size(images, self.data_format)
        if height >= self.height and width >= self.width:
            top, left = (height - self.height) // 2, (width - self.width) // 2
            return image_utils.crop(images, top, left, self.height, self.width, self.data_format)
        return image_utils.resize(images, (self.height, self.width), "bilinear",
                                  crop_to_aspect_ratio=True, data_format=self.data_format)

    compute_output_shape = Resizing.compute_output_shape

    def get_config(self):
        config = super().get_config()
        config.update({"height": self.height, "width": self.width})
        return config
