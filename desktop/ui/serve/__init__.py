"""The serve screen's widgets."""
