"""The IT Glue article source: the scope from `[sources.itglue]`, listed, fetched and rendered.

Scope: the named organizations and, with `global`, the account's own documents (its primary
organization's: IT Glue's API lists documents only under an organization), in the named
folders and their sub-folders (or everywhere); archived documents are left out. A part of the
scope that cannot be listed is reported and makes the listing incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from kbpilot.errors import KbpilotError
from kbpilot.integrations.errors import IntegrationError, LookupFailed
from kbpilot.integrations.itglue.documentation import ITGlueDocumentation
from kbpilot.integrations.itglue.models import Organization
from kbpilot.integrations.itglue.sections import DocumentFolder, DocumentListing, DocumentSection
from kbpilot.model import slugify
from kbpilot.sources.base import Listed, Listing, Rendered
from kbpilot.sources.itglue.render import render_document
from kbpilot.sources.itglue.settings import ITGlueSourceSettings


@dataclass(frozen=True)
class FetchedDocument:
    """One IT Glue document with what its article needs: organization, folder, sections."""

    document: DocumentListing
    organization: str
    folder: str | None
    sections: list[DocumentSection] = field(default_factory=list)


@dataclass(frozen=True)
class _Place:
    organization: Organization
    folders: dict[int, DocumentFolder]


class ITGlueSource:
    """Documents of one IT Glue account, within the configured scope."""

    name = "itglue"

    def __init__(self, documentation: ITGlueDocumentation, settings: ITGlueSourceSettings) -> None:
        self.documentation = documentation
        self.settings = settings

    def list_documents(self) -> Listing:
        documents: list[Listed] = []
        problems: list[str] = []
        for organization in self._organizations():
            try:
                documents += self._list(organization)
            except IntegrationError as error:
                problems.append(f"documents of {organization.name} not listed: {error}")
            except ValueError as error:
                problems.append(
                    f"documents of {organization.name} not listed: unreadable answer ({error})"
                )
        return Listing(documents, complete=not problems, problems=problems)

    def fetch(self, document: Listed) -> FetchedDocument:
        listing, place = document.handle
        folder = place.folders.get(listing.folder_id) if listing.folder_id else None
        return FetchedDocument(
            listing,
            place.organization.name,
            folder.name if folder else None,
            self.documentation.sections(listing.id),
        )

    def render(self, fetched: FetchedDocument) -> Rendered:
        return render_document(
            fetched.document, fetched.organization, fetched.folder, fetched.sections
        )

    # scope ----------------------------------------------------------------------------------

    def _organizations(self) -> list[Organization]:
        client = self.documentation.client
        found: dict[int, Organization] = {}
        try:
            if self.settings.global_documents:
                for organization in client.organizations(filters={"primary": True}):
                    found[organization.id] = organization
            for name in self.settings.organizations:
                organization = client.organization_by_name(name)
                found[organization.id] = organization
        except LookupFailed as error:
            raise KbpilotError(f"[sources.itglue] organizations: {error}") from None
        if not found:
            raise KbpilotError(
                "nothing to sync: [sources.itglue] names no organizations and global is false; "
                "name some in kb/kbpilot.toml or with --organization"
            )
        return list(found.values())

    def _list(self, organization: Organization) -> list[Listed]:
        folders = {folder.id: folder for folder in self.documentation.folders(organization.id)}
        chosen = self._chosen_folders(organization, folders)
        place = _Place(organization, folders)
        org_slug = PurePosixPath(slugify(organization.name))
        return [
            Listed(
                key=str(listing.id),
                title=listing.name,
                updated_at=listing.updated_at,
                name=org_slug / slugify(listing.name),
                handle=(listing, place),
            )
            for listing in self.documentation.documents(organization.id)
            if not listing.archived and (chosen is None or listing.folder_id in chosen)
        ]

    def _chosen_folders(
        self, organization: Organization, folders: dict[int, DocumentFolder]
    ) -> set[int] | None:
        """The named folders and everything below them; None when no folder is named."""
        if not self.settings.folders:
            return None
        wanted = {name.lower() for name in self.settings.folders}
        chosen = {folder.id for folder in folders.values() if folder.name.lower() in wanted}
        grew = True
        while grew:
            below = {f.id for f in folders.values() if f.parent_id in chosen} - chosen
            chosen |= below
            grew = bool(below)
        return chosen
