"""The zip an IT Glue export produces: CSV per record kind, and each document as HTML.

Layout (as tools that read real exports expect): `organizations.csv`, `contacts.csv`,
`configurations.csv`, `documents.csv`, one CSV per flexible asset type, and
`documents/DOC-<orgId>-<docId> <name>/<name>.html`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

COLUMNS = {
    "organizations": (
        "id",
        "name",
        "organization-type-name",
        "organization-status-name",
        "short-name",
    ),
    "contacts": ("id", "first-name", "last-name", "title", "organization-id"),
    "configurations": (
        "id",
        "name",
        "hostname",
        "configuration-type-name",
        "serial-number",
        "organization-id",
    ),
    "documents": ("id", "name", "organization-id", "document-folder-id", "archived"),
}


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(column) is None else row.get(column) for column in columns])
    return out.getvalue()


def _safe(name: str) -> str:
    return re.sub(r"[\\/:*?\"<>|]+", "-", name).strip() or "untitled"


def build_export_zip(records: dict[str, dict[str, Any]], organization_id: int | None) -> bytes:
    """The export of one organization (or, with None, of the whole account)."""

    def of(kind: str) -> list[dict[str, Any]]:
        rows = sorted(records[kind].values(), key=lambda row: int(row["id"]))
        if organization_id is None:
            return rows
        if kind == "organizations":
            return [row for row in rows if int(row["id"]) == organization_id]
        return [row for row in rows if row.get("organization-id") == organization_id]

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, columns in COLUMNS.items():
            archive.writestr(f"{kind}.csv", _csv(of(kind), columns))
        types = {str(t["id"]): t["name"] for t in records["flexible_asset_types"].values()}
        assets = of("flexible_assets")
        for type_id, type_name in types.items():
            rows = [a for a in assets if str(a.get("flexible-asset-type-id")) == type_id]
            if rows:
                trait_names = tuple(sorted({key for row in rows for key in row.get("traits", {})}))
                flat = [
                    {"id": row["id"], "name": row["name"], **row.get("traits", {})} for row in rows
                ]
                archive.writestr(
                    f"{_safe(type_name).lower()}.csv", _csv(flat, ("id", "name", *trait_names))
                )
        for document in of("documents"):
            name = _safe(document["name"])
            folder = f"documents/DOC-{document['organization-id']}-{document['id']} {name}"
            archive.writestr(f"{folder}/{name}.html", document.get("content") or "")
    return buffer.getvalue()
