"""Rebuilds beside the live collection: a new Chroma collection, switched to only when it is complete.

``ingest --rebuild`` used to delete the collection first and build it again under the same name,
with the manifest's generation counting up from zero again: a server running meanwhile kept its
handle to the deleted Chroma collection and answered every question with ``NotFoundError``, and a
mistyped path left the user with no index at all. Now a rebuild writes its chunks into a Chroma
collection of its own (``policy_chat_<name>.b<8 hex>``), keeps its manifest in memory, and only
when every file was read and written does it write the live manifest, naming the new Chroma
collection with a generation above the old one; then the old Chroma collection is deleted.
Readers take the Chroma collection from the manifest they read, and a server reopens when the
manifest's generation or Chroma collection changes (``index.search.open_searcher``). A rebuild
that fails or is killed leaves the live collection as it was; its leftovers are removed by the
next writer (which holds the writer lock, so no other build can be running).
"""

from __future__ import annotations

import hashlib
import re
import secrets

from index.store import CollectionStore

CHROMA_NAME_MAX = 63
TOKEN_HEX = 8


def build_prefix(name: str) -> str:
    """Chroma collection names of this collection's builds begin so (collection names cannot hold a
    '.', so no other collection's names can)."""
    prefix = f"policy_chat_{name}.b"
    if len(prefix) + TOKEN_HEX > CHROMA_NAME_MAX:
        prefix = f"policy_chat_{hashlib.sha1(name.encode()).hexdigest()[:24]}.b"
    return prefix


def new_build_name(name: str) -> str:
    return build_prefix(name) + secrets.token_hex(TOKEN_HEX // 2)


def is_build_of(name: str, chroma_name: str) -> bool:
    return re.fullmatch(re.escape(build_prefix(name)) + f"[0-9a-f]{{{TOKEN_HEX}}}", chroma_name) is not None


def drop_chroma_collection(store: CollectionStore, chroma_name: str) -> None:
    """Delete one Chroma collection and its docstore; absent is fine."""
    pinned = CollectionStore(store.settings, chroma_collection=chroma_name)
    pinned.docstore_path.unlink(missing_ok=True)
    try:
        pinned.client().delete_collection(chroma_name)
    except Exception:  # chromadb raises NotFoundError (or ValueError in older versions) for an absent one
        pass


def remove_stale_builds(store: CollectionStore, live: str) -> list[str]:
    """Chroma collections of this collection that the manifest does not name: builds of a rebuild that
    failed or was killed, or the collection a finished rebuild replaced (a kill right after the
    switch). Only call with the writer lock held."""
    stale = [
        name
        for name in (c if isinstance(c, str) else c.name for c in store.client().list_collections())
        if name != live and (is_build_of(store.name, name) or name == store.base_chroma_name)
    ]
    for name in stale:
        drop_chroma_collection(store, name)
    return stale


def switch_to(live: CollectionStore, build: CollectionStore, manifest: dict, old: dict | None) -> None:
    """Make the finished build the collection: write the manifest (the moment readers switch),
    then delete the Chroma collection it replaced and cleaned texts no document names any more."""
    previous = old.get("chroma_collection") if old else None
    try:
        generation = int((old or {}).get("generation", 0))
    except (TypeError, ValueError):
        generation = 0
    manifest["chroma_collection"] = build.chroma_name
    manifest["generation"] = max(generation, 0)  # write_manifest adds one: above every reader's
    live.write_manifest(manifest)
    live.use_chroma_collection(build.chroma_name)
    for name in {previous if isinstance(previous, str) else None, live.base_chroma_name} - {None, build.chroma_name}:
        drop_chroma_collection(live, name)
    live.prune_texts(manifest)
