"""The TUI's widgets, one per module; each posts past-tense messages for its screen to act on."""
