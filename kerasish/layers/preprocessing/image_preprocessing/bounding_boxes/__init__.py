"""Bounding-box formats, conversions and checks for the image layers."""
