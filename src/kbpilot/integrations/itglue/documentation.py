"""Reading an IT Glue account's documentation: organizations' folders, their documents (paged),
and a document's sections. Every request goes through the client's `ServiceHttp` (errors,
retries, Retry-After on 429)."""

from __future__ import annotations

from kbpilot.integrations.itglue import wire
from kbpilot.integrations.itglue.client import ITGlueClient
from kbpilot.integrations.itglue.sections import DocumentFolder, DocumentListing, DocumentSection


class ITGlueDocumentation:
    """The documentation reads of one client."""

    def __init__(self, client: ITGlueClient, *, page_size: int = wire.MAX_PAGE_SIZE) -> None:
        self.client = client
        self.page_size = page_size

    def folders(self, organization_id: int) -> list[DocumentFolder]:
        resources = self.client.collect(
            f"organizations/{organization_id}/relationships/document_folders",
            page_size=self.page_size,
        )
        return [DocumentFolder.from_resource(resource) for resource in resources]

    def documents(self, organization_id: int) -> list[DocumentListing]:
        """Every document of the organization, in every folder (`filter[document_folder_id]`
        null; without the filter only root documents come back)."""
        resources = self.client.collect(
            f"organizations/{organization_id}/relationships/documents",
            filters={"document_folder_id": None},
            sort="id",
            page_size=self.page_size,
        )
        return [DocumentListing.from_resource(resource) for resource in resources]

    def document(self, document_id: int) -> DocumentListing:
        return DocumentListing.from_resource(self.client.get(f"documents/{document_id}").one())

    def sections(self, document_id: int) -> list[DocumentSection]:
        """The document's sections in their order (the endpoint is not paged)."""
        document = self.client.get(
            f"documents/{document_id}/relationships/sections", {"sort": "sort"}
        )
        sections = [DocumentSection.from_resource(resource) for resource in document.data]
        return sorted(sections, key=lambda section: (section.sort, section.id))
