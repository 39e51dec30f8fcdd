"""`AdaptiveMaxPooling1D/2D/3D`: max pooling into a fixed output size."""

from kerasish import ops
from kerasish.layers.pooling.base_adaptive_pooling import adaptive_pooling_class

AdaptiveMaxPooling1D = adaptive_pooling_class(
    "Max", 1, ops.max,
    ('np.arange(5.0).reshape(1, 5, 1)', 'np.asarray(keras.layers.AdaptiveMaxPooling1D(3)(x))[0, :, 0]',
     'array([1., 3., 4.], dtype=float32)'))
AdaptiveMaxPooling2D = adaptive_pooling_class(
    "Max", 2, ops.max,
    ('np.ones((1, 7, 9, 2))', 'keras.layers.AdaptiveMaxPooling2D((2, 3))(x).shape',
     '(1, 2, 3, 2)'))
AdaptiveMaxPooling3D = adaptive_pooling_class(
    "Max", 3, ops.max,
    ('np.ones((1, 4, 5, 6, 2))', 'keras.layers.AdaptiveMaxPooling3D(2)(x).shape',
     '(1, 2, 2, 2, 2)'))
