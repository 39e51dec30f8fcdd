"""Attention layers. Their public names are listed in `kerasish/layers/__init__.py`."""
