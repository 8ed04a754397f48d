"""The IT Glue REST client: JSON:API documents, organizations and their documentation, exports."""
