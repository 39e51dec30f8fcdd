"""`kerasish.export`: models as files for serving engines (`Model.export`)."""

from kerasish.export.onnx_layers import exportable_layer_classes


def exportable_layers():
    """The names of the layer classes `Model.export(format="onnx")` converts.

    Returns:
        A sorted list of class names.

    Examples:
        >>> "Conv2D" in keras.export.exportable_layers()
        True
    """
    return exportable_layer_classes()


__all__ = ["exportable_layers"]
