"""Action handlers, one module per system; `runs.dispatch` registers them by action name."""
