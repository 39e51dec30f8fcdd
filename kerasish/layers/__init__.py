"""`kerasish.layers`: the building blocks of models.

Names are imported on first use: `kerasish.layers.LSTM` imports
`layers/rnn/lstm.py` the first time it is read, so `import kerasish` stays
fast however many layers there are (see `kerasish/utils/lazy_namespace.py`)."""

from kerasish.saving import serialization_lib as _serialization_lib
from kerasish.utils import lazy_namespace as _lazy_namespace

# Every built-in layer class: name -> the module that defines it (relative to
# kerasish.layers). To add a layer, add ONE line here, in its group; the line
# puts it in the namespace, in `__all__`, in `dir()` and in the registry that
# `deserialize` and `load_model` read.
_LAYERS = {
    # activations
    "Activation": ".activations.activation",
    "ELU": ".activations.elu",
    "LeakyReLU": ".activations.leaky_relu",
    "PReLU": ".activations.prelu",
    "ReLU": ".activations.relu",
    "Softmax": ".activations.softmax",
    # attention
    "AdditiveAttention": ".attention.additive_attention",
    "Attention": ".attention.attention",
    "MultiHeadAttention": ".attention.multi_head_attention",
    # convolutional
    "Conv1D": ".convolutional.conv1d",
    "Conv1DTranspose": ".convolutional.conv_transpose",
    "Conv2D": ".convolutional.conv2d",
    "Conv2DTranspose": ".convolutional.conv_transpose",
    "Conv3D": ".convolutional.conv3d",
    "Conv3DTranspose": ".convolutional.conv3d_transpose",
    "DepthwiseConv1D": ".convolutional.depthwise_conv1d",
    "DepthwiseConv2D": ".convolutional.depthwise_conv2d",
    "SeparableConv1D": ".convolutional.separable_conv1d",
    "SeparableConv2D": ".convolutional.separable_conv2d",
    # core
    "Dense": ".core.dense",
    "EinsumDense": ".core.einsum_dense",
    "Embedding": ".core.embedding",
    "Identity": ".core.identity",
    "InputLayer": ".core.input_layer",
    "Lambda": ".core.lambda_layer",
    "Masking": ".core.masking",
    "ReversibleEmbedding": ".core.reversible_embedding",
    "Wrapper": ".core.wrapper",
    # layer
    "Layer": ".layer",
    # merging
    "Add": ".merging.base_merge",
    "Average": ".merging.base_merge",
    "Concatenate": ".merging.concatenate",
    "Dot": ".merging.dot",
    "Maximum": ".merging.base_merge",
    "Minimum": ".merging.base_merge",
    "Multiply": ".merging.base_merge",
    "Subtract": ".merging.base_merge",
    # normalization
    "BatchNormalization": ".normalization.batch_normalization",
    "GroupNormalization": ".normalization.group_normalization",
    "LayerNormalization": ".normalization.layer_normalization",
    "RMSNormalization": ".normalization.rms_normalization",
    "SpectralNormalization": ".normalization.spectral_normalization",
    "UnitNormalization": ".normalization.unit_normalization",
    # pooling
    "AdaptiveAveragePooling1D": ".pooling.adaptive_average_pooling",
    "AdaptiveAveragePooling2D": ".pooling.adaptive_average_pooling",
    "AdaptiveAveragePooling3D": ".pooling.adaptive_average_pooling",
    "AdaptiveMaxPooling1D": ".pooling.adaptive_max_pooling",
    "AdaptiveMaxPooling2D": ".pooling.adaptive_max_pooling",
    "AdaptiveMaxPooling3D": ".pooling.adaptive_max_pooling",
    "AveragePooling1D": ".pooling.base_pooling",
    "AveragePooling2D": ".pooling.base_pooling",
    "AveragePooling3D": ".pooling.average_pooling3d",
    "GlobalAveragePooling1D": ".pooling.global_pooling",
    "GlobalAveragePooling2D": ".pooling.global_pooling",
    "GlobalAveragePooling3D": ".pooling.global_pooling3d",
    "GlobalMaxPooling1D": ".pooling.global_pooling",
    "GlobalMaxPooling2D": ".pooling.global_pooling",
    "GlobalMaxPooling3D": ".pooling.global_pooling3d",
    "MaxPooling1D": ".pooling.base_pooling",
    "MaxPooling2D": ".pooling.base_pooling",
    "MaxPooling3D": ".pooling.max_pooling3d",
    # preprocessing
    "CategoryEncoding": ".preprocessing.category_encoding",
    "CenterCrop": ".preprocessing.image_preprocessing.center_crop",
    "Discretization": ".preprocessing.discretization",
    "Hashing": ".preprocessing.hashing",
    "IntegerLookup": ".preprocessing.integer_lookup",
    "Normalization": ".preprocessing.normalization",
    "RandomBrightness": ".preprocessing.image_preprocessing.random_brightness",
    "RandomContrast": ".preprocessing.image_preprocessing.random_contrast",
    "RandomCrop": ".preprocessing.image_preprocessing.random_crop",
    "RandomFlip": ".preprocessing.image_preprocessing.random_flip",
    "RandomRotation": ".preprocessing.image_preprocessing.random_rotation",
    "RandomTranslation": ".preprocessing.image_preprocessing.random_translation",
    "RandomZoom": ".preprocessing.image_preprocessing.random_zoom",
    "ConvLSTM1D": ".rnn.conv_lstm1d",
    "ConvLSTM2D": ".rnn.conv_lstm2d",
    "ConvLSTM3D": ".rnn.conv_lstm3d",
    "GroupQueryAttention": ".attention.grouped_query_attention",
    "AutoContrast": ".preprocessing.image_preprocessing.auto_contrast",
    "Equalization": ".preprocessing.image_preprocessing.equalization",
    "Solarization": ".preprocessing.image_preprocessing.solarization",
    "RandomInvert": ".preprocessing.image_preprocessing.random_invert",
    "RandomGrayscale": ".preprocessing.image_preprocessing.random_grayscale",
    "RandomColorDegeneration": ".preprocessing.image_preprocessing.random_color_degeneration",
    "RandomSaturation": ".preprocessing.image_preprocessing.random_saturation",
    "RandomHue": ".preprocessing.image_preprocessing.random_hue",
    "RandomColorJitter": ".preprocessing.image_preprocessing.random_color_jitter",
    "RandomPosterization": ".preprocessing.image_preprocessing.random_posterization",
    "RandomSharpness": ".preprocessing.image_preprocessing.random_sharpness",
    "ContrastLimitedAdaptiveHistogramEqualization": ".preprocessing.image_preprocessing.clahe",
    "RandAugment": ".preprocessing.image_preprocessing.rand_augment",
    "AugMix": ".preprocessing.image_preprocessing.aug_mix",
    "Pipeline": ".preprocessing.pipeline",
    "RandomShear": ".preprocessing.image_preprocessing.random_shear",
    "RandomGaussianBlur": ".preprocessing.image_preprocessing.random_gaussian_blur",
    "RandomErasing": ".preprocessing.image_preprocessing.random_erasing",
    "MixUp": ".preprocessing.image_preprocessing.mix_up",
    "CutMix": ".preprocessing.image_preprocessing.cut_mix",
    "MaxNumBoundingBoxes": ".preprocessing.image_preprocessing.max_num_bounding_box",
    "RandomPerspective": ".preprocessing.image_preprocessing.random_perspective",
    "RandomElasticTransform": ".preprocessing.image_preprocessing.random_elastic_transform",
    "HashedCrossing": ".preprocessing.hashed_crossing",
    "STFTSpectrogram": ".preprocessing.stft_spectrogram",
    "MelSpectrogram": ".preprocessing.mel_spectrogram",
    "Rescaling": ".preprocessing.rescaling",
    "Resizing": ".preprocessing.image_preprocessing.resizing",
    "StringLookup": ".preprocessing.string_lookup",
    "TextVectorization": ".preprocessing.text_vectorization",
    # regularization
    "ActivityRegularization": ".regularization.activity_regularization",
    "AlphaDropout": ".regularization.alpha_dropout",
    "Dropout": ".regularization.dropout",
    "GaussianDropout": ".regularization.gaussian_dropout",
    "GaussianNoise": ".regularization.gaussian_noise",
    "SpatialDropout1D": ".regularization.spatial_dropout",
    "SpatialDropout2D": ".regularization.spatial_dropout",
    "SpatialDropout3D": ".regularization.spatial_dropout",
    # reshaping
    "Cropping1D": ".reshaping.cropping1d",
    "Cropping2D": ".reshaping.cropping2d",
    "Cropping3D": ".reshaping.cropping3d",
    "Flatten": ".reshaping.flatten",
    "Permute": ".reshaping.permute",
    "RepeatVector": ".reshaping.repeat_vector",
    "Reshape": ".reshaping.reshape",
    "UpSampling1D": ".reshaping.up_sampling1d",
    "UpSampling2D": ".reshaping.up_sampling2d",
    "UpSampling3D": ".reshaping.up_sampling3d",
    "ZeroPadding1D": ".reshaping.zero_padding1d",
    "ZeroPadding2D": ".reshaping.zero_padding2d",
    "ZeroPadding3D": ".reshaping.zero_padding3d",
    # rnn
    "Bidirectional": ".rnn.bidirectional",
    "GRU": ".rnn.gru",
    "GRUCell": ".rnn.gru",
    "LSTM": ".rnn.lstm",
    "LSTMCell": ".rnn.lstm",
    "RNN": ".rnn.rnn",
    "SimpleRNN": ".rnn.simple_rnn",
    "SimpleRNNCell": ".rnn.simple_rnn",
    "StackedRNNCells": ".rnn.stacked_rnn_cells",
    "TimeDistributed": ".rnn.time_distributed",
}

# The rest of the namespace: functions, Keras's alias names ("module:Class"
# when the alias names a class of another name), and helper classes that are
# not layers. To add one, add ONE line here.
_OTHERS = {
    "Input": ".core.input_layer",
    "InputSpec": ".input_spec",
    "add": ".merging.merge_functions",
    "average": ".merging.merge_functions",
    "concatenate": ".merging.merge_functions",
    "dot": ".merging.dot",
    "maximum": ".merging.merge_functions",
    "minimum": ".merging.merge_functions",
    "multiply": ".merging.merge_functions",
    "subtract": ".merging.merge_functions",
    "AvgPool1D": ".pooling.base_pooling:AveragePooling1D",
    "AvgPool2D": ".pooling.base_pooling:AveragePooling2D",
    "AvgPool3D": ".pooling.average_pooling3d:AveragePooling3D",
    "Convolution1D": ".convolutional.conv1d:Conv1D",
    "Convolution1DTranspose": ".convolutional.conv_transpose:Conv1DTranspose",
    "Convolution2D": ".convolutional.conv2d:Conv2D",
    "Convolution2DTranspose": ".convolutional.conv_transpose:Conv2DTranspose",
    "Convolution3D": ".convolutional.conv3d:Conv3D",
    "Convolution3DTranspose": ".convolutional.conv3d_transpose:Conv3DTranspose",
    "GlobalAvgPool1D": ".pooling.global_pooling:GlobalAveragePooling1D",
    "GlobalAvgPool2D": ".pooling.global_pooling:GlobalAveragePooling2D",
    "GlobalAvgPool3D": ".pooling.global_pooling3d:GlobalAveragePooling3D",
    "GlobalMaxPool1D": ".pooling.global_pooling:GlobalMaxPooling1D",
    "GlobalMaxPool2D": ".pooling.global_pooling:GlobalMaxPooling2D",
    "GlobalMaxPool3D": ".pooling.global_pooling3d:GlobalMaxPooling3D",
    "MaxPool1D": ".pooling.base_pooling:MaxPooling1D",
    "MaxPool2D": ".pooling.base_pooling:MaxPooling2D",
    "MaxPool3D": ".pooling.max_pooling3d:MaxPooling3D",
    "SeparableConvolution1D": ".convolutional.separable_conv1d:SeparableConv1D",
    "SeparableConvolution2D": ".convolutional.separable_conv2d:SeparableConv2D",
}

_lazy_namespace.attach(globals(), {**_LAYERS, **_OTHERS})
__all__ = [*_LAYERS, *_OTHERS]

# The built-in layers by class name, for deserialization; a class is imported
# when a config names it.
ALL_OBJECTS_DICT = _lazy_namespace.LazyObjects(__name__, _LAYERS)
_serialization_lib.register_builtin_family("layers", __name__)


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
    return _serialization_lib.serialize_keras_object(layer)


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
    return _serialization_lib.deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)
