"""Whole-collection reads and bulk deletes in pages.

Chroma's embedded store answers a ``get`` without ``limit`` with one SQL statement that binds
every id it returns, and SQLite refuses more than 32,766 variables: at about 100,000 chunks an
unpaged ``get`` failed with ``too many SQL variables`` and took ingest, ``ask`` and ``remove``
down with it. Every read of a whole collection (or of many versions) goes through here, in pages
of ``Settings.chroma_page_size`` records; so do deletes of many ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# Values of one `$in` filter are bound variables too; groups stay far below SQLite's limit.
IN_GROUP = 500


def get_pages(collection: Any, page_size: int, include: list[str], where: dict | None = None) -> Iterator[dict]:
    """Yield ``collection.get`` results of at most ``page_size`` records until the collection (or
    the ``where`` selection) is exhausted. Callers must not delete from the selection while
    paging (offsets would shift); they collect first and delete afterwards."""
    offset = 0
    while True:
        got = collection.get(include=include, where=where, limit=page_size, offset=offset)
        if not got["ids"]:
            return
        yield got
        if len(got["ids"]) < page_size:
            return
        offset += len(got["ids"])


def get_versions(collection: Any, page_size: int, versions: list[str], include: list[str]) -> Iterator[dict]:
    """Every chunk of the given document versions (``doc@hash``), in pages.

    Selecting by version rather than paging through the whole collection keeps the read correct
    while an ingest deletes *other* versions (offsets over the whole collection would shift)."""
    for first in range(0, len(versions), IN_GROUP):
        group = versions[first : first + IN_GROUP]
        where = {"document_id": group[0]} if len(group) == 1 else {"document_id": {"$in": group}}
        yield from get_pages(collection, page_size, include, where)


def all_ids(collection: Any, page_size: int) -> list[str]:
    return [cid for page in get_pages(collection, page_size, include=[]) for cid in page["ids"]]


def delete_ids(collection: Any, ids: list[str], page_size: int) -> None:
    for first in range(0, len(ids), page_size):
        collection.delete(ids=ids[first : first + page_size])
