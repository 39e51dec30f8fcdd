"""`AdaptiveAveragePooling1D/2D/3D`: average pooling into a fixed output size."""

from kerasish import ops
from kerasish.layers.pooling.base_adaptive_pooling import adaptive_pooling_class

AdaptiveAveragePooling1D = adaptive_pooling_class(
    "Average", 1, ops.mean,
    ('np.arange(5.0).reshape(1, 5, 1)', 'np.asarray(keras.layers.AdaptiveAveragePooling1D(3)(x))[0, :, 0]',
     'array([0.5, 2. , 3.5], dtype=float32)'))
AdaptiveAveragePooling2D = adaptive_pooling_class(
    "Average", 2, ops.mean,
    ('np.ones((1, 7, 9, 2))', 'keras.layers.AdaptiveAveragePooling2D((2, 3))(x).shape',
     '(1, 2, 3, 2)'))
AdaptiveAveragePooling3D = adaptive_pooling_class(
    "Average", 3, ops.mean,
    ('np.ones((1, 4, 5, 6, 2))', 'keras.layers.AdaptiveAveragePooling3D(2)(x).shape',
     '(1, 2, 2, 2, 2)'))
