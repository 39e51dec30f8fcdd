"""Pooling over every spatial position: (batch, ..., channels) -> (batch, channels)."""

from kerasish import ops
from kerasish.layers import input_checks
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.layer import Layer


class BaseGlobalPooling(Layer):
    built_at_init = True  # as in Keras: no build_config

    reduce_function = None  # ops.mean or ops.max, set by subclasses

    def __init__(self, rank, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.data_format = conv_utils.standardize_data_format(data_format)
        self.keepdims = keepdims

    def _axes(self):
        return conv_utils.spatial_axes(self.rank, self.data_format)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        input_checks.check_ndim(self, input_shape, ndim=self.rank + 2)
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def call(self, inputs):
        self.compute_output_shape(inputs.shape)
        return type(self).reduce_function(inputs, axis=self._axes(), keepdims=self.keepdims)

    def get_config(self):
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config


class GlobalAveragePooling1D(BaseGlobalPooling):
    reduce_function = staticmethod(ops.mean)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(1, data_format, keepdims, **kwargs)

    def call(self, inputs, mask=None):
        if mask is not None:
            raise ValueError("kerasish's GlobalAveragePooling1D does not support masks yet.")
        return super().call(inputs)


class GlobalAveragePooling2D(BaseGlobalPooling):
    reduce_function = staticmethod(ops.mean)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, data_format, keepdims, **kwargs)


class GlobalMaxPooling1D(BaseGlobalPooling):
    reduce_function = staticmethod(ops.max)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(1, data_format, keepdims, **kwargs)


class GlobalMaxPooling2D(BaseGlobalPooling):
    reduce_function = staticmethod(ops.max)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, data_format, keepdims, **kwargs)
