"""keras.visualization against Keras 3.15: the namespace, painted
segmentation masks (values), and the galleries matplotlib draws (the images
in each cell and their titles). Keras draws boxes with OpenCV, which is not
installed with it: kerasish's boxes are checked in tests/test_visualization.py."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras

pytest.importorskip("matplotlib")
RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(0, 255, (3, 5, 6, 3)).astype("float32")
MASKS = RNG.integers(-1, 4, (3, 5, 6, 1)).astype("int32")


def test_namespace_matches_keras():
    keras = real_keras()
    names = [sorted(n for n in dir(m.visualization) if not n.startswith("_"))
             for m in (kerasish, keras)]
    assert names[0] == names[1]


@pytest.mark.parametrize("kwargs", [
    {},
    {"num_classes": 4},
    {"num_classes": 3, "alpha": 0.3, "ignore_index": 2},
    {"num_classes": 2, "color_mapping": {0: (10, 20, 30), 1: (200, 100, 0)}},
    {"num_classes": 4, "blend": False},
])
def test_segmentation_masks_match_keras(kwargs):
    keras = real_keras()
    ours = kerasish.visualization.draw_segmentation_masks(IMAGES, MASKS, **kwargs)
    theirs = np.asarray(keras.visualization.draw_segmentation_masks(IMAGES, MASKS, **kwargs))
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, atol=1 if ours.dtype == np.uint8 else 1e-4)


def test_segmentation_mask_errors_match_keras():
    keras = real_keras()
    for args, error in (((IMAGES[0], MASKS[0]), ValueError),
                        ((IMAGES, MASKS.astype("float32")), TypeError)):
        messages = []
        for module in (kerasish, keras):
            with pytest.raises(error) as info:
                module.visualization.draw_segmentation_masks(*args)
            messages.append(str(info.value))
        assert messages[0] == messages[1]


def _figure_content(module, function, *args, **kwargs):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")
    getattr(module.visualization, function)(*args, show=False, **kwargs)
    figure = plt.gcf()
    cells = [(np.asarray(axis.images[0].get_array()), axis.get_title())
             for axis in figure.axes if axis.images]
    size = tuple(figure.get_size_inches())
    plt.close("all")
    return cells, size


@pytest.mark.parametrize("function,args,kwargs", [
    ("plot_image_gallery", (IMAGES,), {}),
    ("plot_image_gallery", (IMAGES / 255.0,), {"value_range": (0, 1), "rows": 1, "cols": 3,
                                               "y_true": np.array([0, 1, 2]),
                                               "y_pred": np.array([1, 1, 5]),
                                               "label_map": {0: "cat", 1: "dog", 2: "owl"}}),
    ("plot_segmentation_mask_gallery", (IMAGES,), {"num_classes": 4, "y_true": MASKS,
                                                   "y_pred": MASKS[::-1]}),
], ids=["square", "labelled-row", "masks"])
def test_galleries_match_keras(function, args, kwargs):
    keras = real_keras()
    ours = _figure_content(kerasish, function, *args, **kwargs)
    theirs = _figure_content(keras, function, *args, **kwargs)
    assert ours[1] == theirs[1]
    assert len(ours[0]) == len(theirs[0])
    for (our_image, our_title), (their_image, their_title) in zip(ours[0], theirs[0]):
        assert our_title == their_title
        np.testing.assert_allclose(our_image.astype(int), their_image.astype(int), atol=1)


def test_gallery_errors_match_keras():
    keras = real_keras()
    cases = [((IMAGES,), {"path": "x.png", "show": True}),
             ((IMAGES,), {"y_true": np.array([0, 1, 2])})]
    for args, kwargs in cases:
        messages = []
        for module in (kerasish, keras):
            with pytest.raises(ValueError) as info:
                module.visualization.plot_image_gallery(*args, **kwargs)
            messages.append(str(info.value))
        assert messages[0] == messages[1]
