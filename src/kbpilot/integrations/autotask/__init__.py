"""The Autotask PSA REST client: zone discovery, the filter language, entities of the workflow."""
