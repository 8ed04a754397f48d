"""Data files kbpilot ships with: the default step rules (actions.toml)."""
