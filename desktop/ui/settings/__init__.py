"""The settings dock: a basic view with the few settings that matter, and every other knob under
"Advanced" (grouped, searchable, each with a one-line explanation). panel.SettingsPanel is the dock."""
