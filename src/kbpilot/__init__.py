"""kbpilot: an MSP knowledge base's procedures as checklists linked to Autotask and IT Glue."""

__version__ = "0.1.0"
