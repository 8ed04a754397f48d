"""The Autotask PSA and IT Glue clients, their simulators, and the one place kbpilot speaks HTTP."""
