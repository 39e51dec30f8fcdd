"""Preprocessing and data-augmentation layers, gathered for `kerasish.layers`."""

from kerasish.layers.preprocessing.category_encoding import CategoryEncoding
from kerasish.layers.preprocessing.discretization import Discretization
from kerasish.layers.preprocessing.hashing import Hashing
from kerasish.layers.preprocessing.image_preprocessing.center_crop import CenterCrop
from kerasish.layers.preprocessing.image_preprocessing.random_brightness import RandomBrightness
from kerasish.layers.preprocessing.image_preprocessing.random_contrast import RandomContrast
from kerasish.layers.preprocessing.image_preprocessing.random_crop import RandomCrop
from kerasish.layers.preprocessing.image_preprocessing.random_flip import RandomFlip
from kerasish.layers.preprocessing.image_preprocessing.random_rotation import RandomRotation
from kerasish.layers.preprocessing.image_preprocessing.random_translation import RandomTranslation
from kerasish.layers.preprocessing.image_preprocessing.random_zoom import RandomZoom
from kerasish.layers.preprocessing.image_preprocessing.resizing import Resizing
from kerasish.layers.preprocessing.integer_lookup import IntegerLookup
from kerasish.layers.preprocessing.normalization import Normalization
from kerasish.layers.preprocessing.rescaling import Rescaling
from kerasish.layers.preprocessing.string_lookup import StringLookup
from kerasish.layers.preprocessing.text_vectorization import TextVectorization

PREPROCESSING_LAYERS = (
    CategoryEncoding, CenterCrop, Discretization, Normalization, Rescaling, Resizing,
    RandomBrightness, RandomContrast, RandomCrop, RandomFlip, RandomRotation, RandomTranslation,
    RandomZoom, Hashing, IntegerLookup, StringLookup, TextVectorization,
)
