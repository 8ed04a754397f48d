"""Procedure runs: one technician following one procedure for one customer (service.RunService)."""
