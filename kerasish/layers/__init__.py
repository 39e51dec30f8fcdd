"""`kerasish.layers`: the building blocks of models."""

from kerasish.layers.activations.activation import Activation
from kerasish.layers.core.dense import Dense
from kerasish.layers.core.input_layer import Input, InputLayer
from kerasish.layers.layer import Layer
from kerasish.layers.regularization.dropout import Dropout
from kerasish.layers.regularization.gaussian_noise import GaussianNoise
from kerasish.layers.reshaping.flatten import Flatten
from kerasish.layers.cnn_layers import *  # noqa: F401,F403  (convolutions, pooling, ...)
from kerasish.layers.cnn_layers import CNN_LAYERS
from kerasish.layers.attention import ATTENTION_LAYERS
from kerasish.layers.attention import *  # noqa: F401,F403  (EinsumDense, attention layers)
from kerasish.layers.rnn import RNN_LAYERS
from kerasish.layers.rnn import *  # noqa: F401,F403  (recurrent layers and cells)
from kerasish.layers.core.masking import Masking
from kerasish.layers.preprocessing import *  # noqa: F401,F403  (preprocessing, augmentation)
from kerasish.layers.preprocessing import PREPROCESSING_LAYERS
from kerasish.layers.api_layers import *  # noqa: F401,F403  (activation layers, cropping, ...)
from kerasish.layers.api_layers import API_LAYERS

ALL_OBJECTS_DICT = {cls.__name__: cls for cls in (Activation, Dense, Flatten, InputLayer, Layer)}
ALL_OBJECTS_DICT.update({cls.__name__: cls for cls in (Dropout, GaussianNoise)})
ALL_OBJECTS_DICT.update({cls.__name__: cls for cls in CNN_LAYERS})
ALL_OBJECTS_DICT.update({cls.__name__: cls for cls in ATTENTION_LAYERS})
ALL_OBJECTS_DICT.update({cls.__name__: cls for cls in RNN_LAYERS})
ALL_OBJECTS_DICT["Masking"] = Masking
ALL_OBJECTS_DICT.update({cls.__name__: cls for cls in PREPROCESSING_LAYERS})
ALL_OBJECTS_DICT.update({cls.__name__: cls for cls in API_LAYERS})


def serialize(layer):
    """Returns a layer's config in Keras's serialized form (`class_name`, `config`, ...).

    Args:
        layer: a layer instance.

    Returns:
        A JSON-serializable dict that `deserialize` turns back into a layer.

    Examples:
        >>> keras.layers.serialize(keras.layers.Dropout(0.5))["class_name"]
        'Dropout'
    """
    from kerasish.saving.serialization_lib import serialize_keras_object

    return serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """Creates a layer from a dict `serialize` (or Keras) produced.

    Args:
        config: a serialized layer: a dict with `class_name` and `config`.
        custom_objects: an optional dict mapping names to custom layer
            classes that are not built in.

    Returns:
        A new, unbuilt layer.

    Examples:
        >>> config = keras.layers.serialize(keras.layers.Dense(3, name="out"))
        >>> layer = keras.layers.deserialize(config)
        >>> layer.name, layer.units
        ('out', 3)
    """
    from kerasish.saving.serialization_lib import deserialize_keras_object

    return deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


__all__ = ["Activation", "Dense", "Flatten", "Input", "InputLayer", "Layer"]
__all__ += ["Dropout", "GaussianNoise"]
__all__ += [cls.__name__ for cls in CNN_LAYERS]
__all__ += [cls.__name__ for cls in ATTENTION_LAYERS]
__all__ += [cls.__name__ for cls in RNN_LAYERS]
__all__ += ["Masking"]
__all__ += [cls.__name__ for cls in PREPROCESSING_LAYERS]
__all__ += [cls.__name__ for cls in API_LAYERS] + ["dot", "InputSpec"]
from kerasish.layers.api_layers import ALIASES  # noqa: E402
__all__ += list(ALIASES)
from kerasish.layers.rnn.conv_lstm1d import ConvLSTM1D  # noqa: E402,F401
from kerasish.layers.rnn.conv_lstm2d import ConvLSTM2D  # noqa: E402,F401
from kerasish.layers.rnn.conv_lstm3d import ConvLSTM3D  # noqa: E402,F401
from kerasish.layers.attention.grouped_query_attention import GroupQueryAttention  # noqa: E402,E501
ALL_OBJECTS_DICT["GroupQueryAttention"] = GroupQueryAttention  # Keras's export name
__all__ += ["GroupQueryAttention"]
