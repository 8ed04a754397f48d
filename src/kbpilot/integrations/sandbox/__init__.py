"""Simulators of the Autotask and IT Glue APIs (ASGI), seeded from kb/sandbox.json, persisted."""
