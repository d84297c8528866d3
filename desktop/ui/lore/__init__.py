"""The lore screen's widgets."""
