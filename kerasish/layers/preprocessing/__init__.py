"""Preprocessing and data-augmentation layers, gathered for `kerasish.layers`."""

from kerasish.layers.preprocessing.category_encoding import CategoryEncoding
from kerasish.layers.preprocessing.discretization import Discretization
from kerasish.layers.preprocessing.image_preprocessing.center_crop import CenterCrop
from kerasish.layers.preprocessing.image_preprocessing.resizing import Resizing
from kerasish.layers.preprocessing.normalization import Normalization
from kerasish.layers.preprocessing.rescaling import Rescaling

PREPROCESSING_LAYERS = (
    CategoryEncoding, CenterCrop, Discretization, Normalization, Rescaling, Resizing,
)
