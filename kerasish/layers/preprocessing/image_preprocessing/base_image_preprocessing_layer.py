"""The base of image preprocessing and augmentation layers: batched or
single images, `factor` validation, the training switch and random draws."""

import numpy as np

from kerasish import ops
from kerasish.backend import random as backend_random
from kerasish.layers.layer import Layer
from kerasish.utils.argument_validation import standardize_data_format


class BaseImagePreprocessingLayer(Layer):
    """Shared machinery of the image layers (not a public class).

    Subclasses implement `get_random_transformation(images, training, rng)`
    and `transform_images(images, transformation, training)` on 4-D batches;
    a single 3-D image is given a batch axis and has it removed again.
    Like Keras's, these layers transform when `training` is True or not
    given (a direct call, `model(x)`) and pass images through when it is
    False (`predict`, `evaluate`).
    """

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)
    # Layers that implement `transform_bounding_boxes` set this to True.
    _SUPPORTS_BOUNDING_BOXES = False

    def __init__(self, factor=None, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if bounding_box_format is not None and not self._SUPPORTS_BOUNDING_BOXES:
            raise ValueError(
                "kerasish's image layers do not transform bounding boxes. "
                f"Received: bounding_box_format={bounding_box_format}"
            )
        self.bounding_box_format = bounding_box_format
        self.data_format = standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self._set_factor(factor or 0.0)
        elif factor is not None:
            raise ValueError(
                f"Layer {self.__class__.__name__} does not take a `factor` argument. "
                f"Received: factor={factor}"
            )


    def _set_factor(self, factor):
        low, high = self._FACTOR_BOUNDS
        message = (
            "The `factor` argument should be a number (or a list of two numbers) in the "
            f"range [{low}, {high}]. Received: factor={factor}"
        )
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > high or factor[1] < low:
                raise ValueError(message)
            lower, upper = sorted(factor)
        elif isinstance(factor, (int, float)) and not isinstance(factor, bool):
            if factor < low or factor > high:
                raise ValueError(message)
            factor = abs(factor)
            lower, upper = max(-factor, low), factor
        else:
            raise ValueError(message)
        self.factor = lower, upper

    # ------------------------------------------------------------ randomness
    def _init_seed(self, seed):
        self.seed = seed
        self._generator = backend_random.make_generator(seed) if seed is not None else None

    def _rng(self):
        """This layer's own generator when seeded, else the global one
        (which `keras.utils.set_random_seed` resets)."""
        generator = getattr(self, "_generator", None)
        return generator if generator is not None else backend_random.global_generator()

    # --------------------------------------------------------------- calling
    def get_random_transformation(self, images, training=True, rng=None):
        return None

    def transform_images(self, images, transformation, training=True):
        raise NotImplementedError

    def call(self, inputs, training=True):
        if training is None:  # not given: Keras's default for these layers
            training = True
        if isinstance(inputs, dict):
            from kerasish.layers.preprocessing.image_preprocessing import data_dicts

            return data_dicts.call_on_dict(self, inputs, training)
        rank = len(np.shape(inputs))
        if rank not in (3, 4):
            raise ValueError(
                "Expected image tensor to have rank 3 (single image) or 4 (batch of images). "
                f"Received: data.shape={tuple(np.shape(inputs))}"
            )
        images = inputs if rank == 4 else ops.expand_dims(inputs, 0)
        transformation = self.get_random_transformation(images, training=training, rng=self._rng())
        outputs = self.transform_images(images, transformation, training=training)
        return outputs if rank == 4 else ops.squeeze(outputs, 0)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        if self.bounding_box_format is not None:
            config["bounding_box_format"] = self.bounding_box_format
        return config
