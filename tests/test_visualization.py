"""keras.visualization without Keras: boxes drawn pixel by pixel, labels,
galleries written to files, and the errors (matplotlib missing included)."""

import builtins

import numpy as np
import pytest

import kerasish as keras

vis = keras.visualization
BOXES = {"boxes": np.array([[[2, 3, 7, 8], [0, 0, 1, 1]]]), "labels": np.array([[1, -1]])}


def test_rectangles_by_hand():
    out = vis.draw_bounding_boxes(np.zeros((1, 12, 12, 3)), BOXES, "xyxy", color=(9, 8, 7),
                                  line_thickness=1)
    drawn = out[0, :, :, 0] == 9
    expected = np.zeros((12, 12), bool)
    expected[3, 2:8] = expected[8, 2:8] = expected[3:9, 2] = expected[3:9, 7] = True
    np.testing.assert_array_equal(drawn, expected)  # the -1 box is padding: not drawn
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out[0, 3, 2], [9, 8, 7])


def test_thick_edges_are_centred_and_floats_are_scaled():
    images = np.full((1, 12, 12, 3), 0.5, dtype="float32")  # floats up to 1: times 255
    out = vis.draw_bounding_boxes(images, BOXES, "xyxy", color=(255, 0, 0), line_thickness=3)
    assert out[0, 0, 0, 0] == 127
    np.testing.assert_array_equal(out[0, 2:5, 5, 0], [255, 255, 255])  # rows 2-4 around y=3
    assert out[0, 5, 5, 0] == 127


def test_channels_first_and_labels_with_confidences():
    images = np.zeros((1, 3, 60, 60), dtype="uint8")
    boxes = {"boxes": np.array([[[5, 40, 30, 50]]]), "labels": np.array([[0]]),
             "confidences": np.array([[0.9]])}
    plain = vis.draw_bounding_boxes(images, {k: boxes[k] for k in ("boxes", "labels")}, "xyxy",
                                    data_format="channels_first")
    labelled = vis.draw_bounding_boxes(images, boxes, "xyxy", class_mapping={0: "cat"},
                                       data_format="channels_first")
    assert plain.shape == (1, 60, 60, 3)
    # With room above the box, the text's baseline is at y - 8 = 32, in the box's colour.
    changed = np.argwhere((labelled[0] != plain[0]).any(axis=-1))
    assert len(changed) and changed[:, 0].max() <= 34 and changed[:, 0].min() >= 15
    text_pixels = labelled[0][tuple(changed.T)]  # grey (128, 128, 128), anti-aliased
    assert (text_pixels == text_pixels[:, :1]).all() and text_pixels.max() <= 128


@pytest.mark.parametrize("call, error, message", [
    (lambda: vis.draw_bounding_boxes(np.zeros((4, 4, 3)), BOXES, "xyxy"), ValueError,
     "batched 4D"),
    (lambda: vis.draw_bounding_boxes(np.zeros((1, 4, 4, 3)), [1], "xyxy"), TypeError,
     "should be a dict"),
    (lambda: vis.draw_bounding_boxes(np.zeros((1, 4, 4, 3)), {"boxes": 1}, "xyxy"), ValueError,
     "'boxes' and 'labels'"),
    (lambda: vis.draw_segmentation_masks(np.zeros((1, 2, 2, 3)), np.zeros((1, 2, 2, 1))),
     TypeError, "integer dtype"),
    (lambda: vis.plot_bounding_box_gallery(np.zeros((1, 4, 4, 3)), "xyxy", legend=True,
                                           legend_handles=[1]), ValueError, "Only pass"),
])
def test_bad_input(call, error, message):
    pytest.importorskip("matplotlib")
    with pytest.raises(error, match=message):
        call()


def test_galleries_write_files(tmp_path):
    pytest.importorskip("matplotlib")
    images = np.random.default_rng(0).uniform(0, 255, (2, 8, 8, 3))
    vis.plot_bounding_box_gallery(images, "xyxy", y_true={"boxes": np.array([[[1, 1, 6, 6]]] * 2),
                                                          "labels": np.array([[0]] * 2)},
                                  legend=True, path=tmp_path / "boxes.png")
    vis.plot_segmentation_mask_gallery(images, 2, y_pred=np.ones((2, 8, 8, 1), "int32"),
                                       path=tmp_path / "masks.png")
    vis.plot_image_gallery(images, path=tmp_path / "images.png")
    for name in ("boxes", "masks", "images"):
        assert (tmp_path / f"{name}.png").read_bytes()[:4] == b"\x89PNG"


def test_missing_matplotlib_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError("no matplotlib")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(ImportError, match=r'pip install "kerasish\[plot\]"'):
        vis.plot_image_gallery(np.zeros((1, 2, 2, 3)))
