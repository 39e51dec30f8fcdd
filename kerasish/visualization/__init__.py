"""`kerasish.visualization`: drawing segmentation masks and bounding boxes
on images, and image galleries (through matplotlib, the optional
`kerasish[plot]` extra)."""

from kerasish.visualization.draw_bounding_boxes import draw_bounding_boxes  # noqa: F401
from kerasish.visualization.draw_segmentation_masks import draw_segmentation_masks  # noqa: F401
from kerasish.visualization.plot_bounding_box_gallery import plot_bounding_box_gallery  # noqa: F401
from kerasish.visualization.plot_image_gallery import plot_image_gallery  # noqa: F401
from kerasish.visualization.plot_segmentation_mask_gallery import (  # noqa: F401
    plot_segmentation_mask_gallery,
)
