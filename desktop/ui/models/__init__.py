"""The models screen's widgets."""
