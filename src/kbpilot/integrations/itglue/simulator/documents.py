"""The IT Glue simulator's documentation routes: an organization's document folders, a
document's sections (Text, Heading, Gallery, Step), and editing a section.

Sections are not paged (paging parameters answer 400, as on the real endpoints that do not
page) and come ordered by `sort`. `rendered-content` is computed as the real service does it:
the section's HTML with its relative image paths turned into temporary signed links (a
gallery's images listed as `<img>` elements). Editing a section moves its document's
`updated-at`, which is what an incremental sync notices.
"""

from __future__ import annotations

import html
import secrets
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kbpilot.integrations.itglue.sections import SECTION_SORTS, SECTION_TYPE
from kbpilot.integrations.itglue.simulator.app import (
    Invalid,
    ITGlueSimulator,
    refuse_unknown,
    request_data,
    stamp,
)

EDITABLE = {"content", "level", "duration", "sort"}


class DocumentRoutes:
    """Folders and sections, bound to the simulator they extend."""

    def __init__(self, simulator: ITGlueSimulator) -> None:
        self.simulator = simulator

    def routes(self) -> list[Route]:
        """Placed before the simulator's generic routes, which would otherwise take them."""
        return [
            Route("/organizations/{org:int}/relationships/document_folders", self.folders),
            Route("/documents/{doc:int}/relationships/sections", self.sections),
            Route(
                "/documents/{doc:int}/relationships/sections/{id:int}",
                self.section,
                methods=["GET", "PATCH"],
            ),
        ]

    async def folders(self, request: Request) -> JSONResponse:
        org_id = int(request.path_params["org"])
        self.simulator._organization(org_id)
        return self.simulator._index(request, "document_folders", {"organization-id": org_id})

    async def sections(self, request: Request) -> JSONResponse:
        doc_id = int(request.path_params["doc"])
        wanted_type, sort = self._section_query(request)
        with self.simulator.state.read() as data:
            site = _site(self._document(data, doc_id), request)
            rows = [
                row
                for row in data["itglue"]["records"]["document_sections"].values()
                if row.get("document-id") == doc_id
                and (wanted_type is None or row.get("resource-type") == wanted_type)
            ]
        field = sort.lstrip("-").replace("_", "-")
        rows.sort(key=lambda row: (row.get(field) or 0, int(row["id"])))
        if sort.startswith("-"):
            rows.reverse()
        return self._answer([self._resource(row, site) for row in rows])

    async def section(self, request: Request) -> JSONResponse:
        doc_id, section_id = int(request.path_params["doc"]), int(request.path_params["id"])
        if request.method == "PATCH":
            return await self._edit(request, doc_id, section_id)
        with self.simulator.state.read() as data:
            row = self._section(data, doc_id, section_id)
            site = _site(self._document(data, doc_id), request)
        return self._answer(self._resource(row, site))

    async def _edit(self, request: Request, doc_id: int, section_id: int) -> JSONResponse:
        data = await request_data(request)
        attributes = data.get("attributes") if isinstance(data, dict) else None
        if not isinstance(attributes, dict):
            raise Invalid(422, "Unprocessable Entity", "data/attributes is missing", "data")
        refuse_unknown(attributes, EDITABLE | {"rendered-content", "resource-type"})
        with self.simulator.state.transaction() as state:
            row = self._section(state, doc_id, section_id)
            now = stamp()
            row.update({k: v for k, v in attributes.items() if k in EDITABLE})
            row["updated-at"] = now
            document = self._document(state, doc_id)
            document["updated-at"] = now
        return self._answer(self._resource(row, _site(document, request)))

    # shaping --------------------------------------------------------------------------------

    @staticmethod
    def _section_query(request: Request) -> tuple[str | None, str]:
        wanted_type, sort = None, "sort"
        for key, value in request.query_params.multi_items():
            if key.startswith("page["):
                raise Invalid(400, "Bad Request", "sections are not paged", key)
            if key in ("filter[resource_type]", "filter[resource-type]"):
                wanted_type = value
            elif key == "sort":
                if value.lstrip("-").replace("-", "_") not in SECTION_SORTS:
                    raise Invalid(400, "Bad Request", f"sort {value} is not allowed", "sort")
                sort = value
            else:
                raise Invalid(400, "Bad Request", f"parameter {key} is not allowed", key)
        return wanted_type, sort

    @staticmethod
    def _document(data: dict[str, Any], doc_id: int) -> dict[str, Any]:
        row: dict[str, Any] | None = data["itglue"]["records"]["documents"].get(str(doc_id))
        if row is None:
            raise Invalid(404, "Not Found", f"documents {doc_id} does not exist", "id")
        return row

    def _section(self, data: dict[str, Any], doc_id: int, section_id: int) -> dict[str, Any]:
        self._document(data, doc_id)
        row: dict[str, Any] | None = data["itglue"]["records"]["document_sections"].get(
            str(section_id)
        )
        if row is None or row.get("document-id") != doc_id:
            raise Invalid(404, "Not Found", f"sections {section_id} does not exist", "id")
        return row

    def _resource(self, row: dict[str, Any], site: str) -> dict[str, Any]:
        attributes = {k: v for k, v in row.items() if k not in ("id", "images")}
        attributes["rendered-content"] = self._rendered(row, site)
        return {
            "id": str(row["id"]),
            "type": SECTION_TYPE,
            "attributes": attributes,
            "relationships": {},
        }

    @staticmethod
    def _rendered(row: dict[str, Any], site: str) -> str | None:
        """The section's HTML with images as temporary signed links on the document's site
        (the real read-only field)."""
        content = row.get("content")
        rendered = content.replace('src="/', f'src="{site}/') if isinstance(content, str) else ""
        for image in row.get("images") or []:
            link = f"{site}{image['path']}?signature={secrets.token_urlsafe(8)}"
            rendered += f'<img src="{html.escape(link)}" alt="{html.escape(image["name"])}">'
        return rendered or None

    @staticmethod
    def _answer(data: Any) -> JSONResponse:
        return JSONResponse({"data": data}, media_type="application/vnd.api+json")


def _site(document: dict[str, Any], request: Request) -> str:
    """The IT Glue site a document lives on (its resource-url's origin), else this server."""
    parts = urlsplit(str(document.get("resource-url") or ""))
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return str(request.base_url).rstrip("/")
