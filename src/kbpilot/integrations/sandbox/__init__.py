"""Simulators of the Autotask and IT Glue APIs (ASGI), persisted, seeded from the KB's
kb/sandbox.json or the built-in seed."""
