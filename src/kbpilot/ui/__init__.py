"""The Textual TUI: `make_app(settings, services)` builds it; only `kbpilot.cli.tui` imports it."""
