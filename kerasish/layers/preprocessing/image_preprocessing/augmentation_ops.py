"""The augmentation layers RandAugment and AugMix choose from, built from
one `factor` as Keras builds them."""

from kerasish.layers.preprocessing.image_preprocessing.auto_contrast import AutoContrast
from kerasish.layers.preprocessing.image_preprocessing.equalization import Equalization
from kerasish.layers.preprocessing.image_preprocessing.random_brightness import RandomBrightness
from kerasish.layers.preprocessing.image_preprocessing.random_color_degeneration import (
    RandomColorDegeneration,
)
from kerasish.layers.preprocessing.image_preprocessing.random_contrast import RandomContrast
from kerasish.layers.preprocessing.image_preprocessing.random_posterization import (
    RandomPosterization,
)
from kerasish.layers.preprocessing.image_preprocessing.random_rotation import RandomRotation
from kerasish.layers.preprocessing.image_preprocessing.random_sharpness import RandomSharpness
from kerasish.layers.preprocessing.image_preprocessing.random_translation import (
    RandomTranslation,
)
from kerasish.layers.preprocessing.image_preprocessing.solarization import Solarization

GEOMETRIC = ("random_shear", "random_translation", "random_rotation")
COLOUR = ("random_posterization", "solarization", "auto_contrast", "equalization")
# AugMix leaves these out with all_ops=False (they overlap its test-time corruptions).
BLENDING = ("random_brightness", "random_color_degeneration", "random_contrast",
            "random_sharpness")


def _random_shear_class():
    """RandomShear, when this kerasish has it (it is built separately)."""
    from kerasish import layers

    return getattr(layers, "RandomShear", None)


def build_augmentation_layer(name, factor, value_range, interpolation, seed, data_format,
                             **kwargs):
    """The layer called `name` in Keras's RandAugment/AugMix, or None when
    this kerasish lacks it; `factor` is the (low, high) strength."""
    common = dict(seed=seed, data_format=data_format, **kwargs)
    if name == "random_shear":
        shear = _random_shear_class()
        return None if shear is None else shear(
            x_factor=factor, y_factor=factor, interpolation=interpolation, **common)
    if name == "random_translation":
        return RandomTranslation(height_factor=factor, width_factor=factor,
                                 interpolation=interpolation, **common)
    if name == "random_rotation":
        return RandomRotation(factor=factor, interpolation=interpolation, **common)
    if name == "solarization":
        return Solarization(addition_factor=factor, threshold_factor=factor,
                            value_range=value_range, **common)
    if name == "random_posterization":
        return RandomPosterization(factor=max(1, int(8 * factor[1])), value_range=value_range,
                                   **common)
    if name in ("auto_contrast", "equalization"):
        cls = AutoContrast if name == "auto_contrast" else Equalization
        return cls(value_range=value_range, data_format=data_format, **kwargs)
    blending = {"random_brightness": RandomBrightness,
                "random_color_degeneration": RandomColorDegeneration,
                "random_contrast": RandomContrast, "random_sharpness": RandomSharpness}
    return blending[name](factor=factor, value_range=value_range, **common)


def build_augmentation_layers(owner, names, layer_kwargs):
    """Sets each available layer as an attribute of `owner` (built from
    `owner`'s factor, value range, interpolation, seed and data format, and
    its base layer `layer_kwargs` but its name) and returns the names of
    those that exist, in order."""
    arguments = dict(factor=owner.factor, value_range=owner.value_range,
                     interpolation=owner.interpolation, seed=owner.seed,
                     data_format=owner.data_format)
    arguments.update({k: v for k, v in layer_kwargs.items() if k != "name"})
    available = []
    for name in names:
        layer = build_augmentation_layer(name, **arguments)
        if layer is not None:
            setattr(owner, name, layer)
            available.append(name)
    return available



def _geometric_method(layer, name, kind):
    """The transform of `kind` ('segmentation_masks' or 'bounding_boxes')
    of the part called `name`, or None for a part that changes pixel values
    only (as in Keras, those leave masks and boxes alone)."""
    if name not in GEOMETRIC:
        return None
    method = getattr(layer, f"transform_{kind}", None)
    if method is None:
        raise NotImplementedError(
            f"{layer.__class__.__name__} does not transform '{kind}' in a dict input.")
    return method


def transform_masks_with(owner, name, segmentation_masks, transformation):
    """The masks after `owner`'s part `name` (geometric parts move them)."""
    method = _geometric_method(getattr(owner, name), name, "segmentation_masks")
    return segmentation_masks if method is None else method(segmentation_masks, transformation)


def transform_boxes_with(owner, name, bounding_boxes, transformation):
    """The boxes after `owner`'s part `name` (geometric parts move them)."""
    method = _geometric_method(getattr(owner, name), name, "bounding_boxes")
    return bounding_boxes if method is None else method(bounding_boxes, transformation)
