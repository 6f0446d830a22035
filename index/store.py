"""Where a collection lives: Chroma (embedded or a server) plus files under the index dir.

Layout under ``<index_dir>``::

    chroma/                                  embedded Chroma store (all collections)
    collections/<name>/manifest.json         documents, hashes, embedding model, the Chroma collection
    collections/<name>/texts/<doc>.<hash>.txt  cleaned texts, the truth for offsets
    collections/<name>/docstore.json         llama-index docstore (dedupe by hash)
    collections/<name>/.writer.lock          held by the one process writing (index/writer_lock.py)
    collections/<name>/feedback.jsonl        thumbs up/down from the web chat

The chunks live in the Chroma collection ``policy_chat_<name>`` until the first ``--rebuild``, which
writes a new Chroma collection beside it and switches the manifest's ``chroma_collection`` to it
(index/builds.py); every reader takes the Chroma collection from the manifest it read.

With a Chroma server (``--chroma-url``) the manifest and the cleaned texts are stored in a
companion collection ``policy_chat_<name>__meta`` on the server, so every machine that points at
the server answers from the same truth; only the llama-index docstore (a dedupe cache) and the
ONNX query model stay local.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from index.errors import ConfigError, IndexMismatchError, NoIndexError
from index.pages import all_ids, delete_ids
from index.settings import Settings

MANIFEST_VERSION = 2
_VERSIONS: dict[tuple, tuple] = {}  # manifest file identity → (generation, Chroma collection)
_HTTP_CLIENTS: dict[str, Any] = {}  # one client per Chroma server URL and process
# Chroma names are 3-63 characters: "policy_chat_" + name + "__meta" must fit.
MAX_COLLECTION_NAME = 45
_NAME = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9_-]{{0,{MAX_COLLECTION_NAME - 1}}}$")
# What readers take from each document's manifest entry; a manifest without them is damaged.
REQUIRED_DOC_FIELDS: dict[str, type] = {"text_hash": str, "chunks": int, "title": str, "date": str}


def validate_collection_name(name: str) -> str:
    if not _NAME.match(name):
        raise ConfigError(
            f"'{name}' is not a valid collection name.",
            f"Use letters, digits, '-' and '_' (up to {MAX_COLLECTION_NAME} characters).",
        )
    return name


def check_manifest_shape(manifest: dict, where: object) -> None:
    """A hand-edited or truncated manifest is named with the fix, instead of failing later with a
    KeyError deep in a reader (``docs: []``, no ``docs``, a document without its hash or count)."""
    docs = manifest.get("docs")
    if not isinstance(docs, dict):
        found = "no 'docs'" if docs is None else f"'docs' as a {type(docs).__name__}"
        raise IndexMismatchError(f"its manifest {where} has {found}, not a mapping of document ids")
    for doc_id, info in docs.items():
        if not isinstance(info, dict):
            raise IndexMismatchError(f"document '{doc_id}' in its manifest {where} is not a mapping")
        missing = [key for key, kind in REQUIRED_DOC_FIELDS.items() if not isinstance(info.get(key), kind)]
        if missing:
            raise IndexMismatchError(
                f"document '{doc_id}' in its manifest {where} lacks a valid {', '.join(repr(k) for k in missing)}"
            )
    named = manifest.get("chroma_collection")
    if named is not None and not isinstance(named, str):
        raise IndexMismatchError(f"its manifest {where} names no valid Chroma collection")


def atomic_write(path: Path, data: str) -> None:
    """Write-then-rename so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def chroma_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise ConfigError(
                f"'{settings.chroma_url}' is not a Chroma server URL.", "Use the form http://127.0.0.1:8000."
            )
        if settings.chroma_url in _HTTP_CLIENTS:  # creating one costs a round trip (every question opened one)
            return _HTTP_CLIENTS[settings.chroma_url]
        try:
            client = chromadb.HttpClient(
                host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https", settings=chroma_settings
            )
            _HTTP_CLIENTS[settings.chroma_url] = client
            return client
        except Exception as exc:
            raise ConfigError(
                f"The Chroma server at {settings.chroma_url} cannot be reached ({exc}).",
                "Start it (`chroma run --path DIR`) or unset POLICY_CHAT_CHROMA_URL.",
            ) from exc
    path = settings.index_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class CollectionStore:
    """One collection: its Chroma collection, manifest and cleaned texts."""

    def __init__(self, settings: Settings, chroma_collection: str | None = None) -> None:
        """``chroma_collection`` pins the Chroma collection (a rebuild writing beside the live one);
        otherwise it is the one the manifest names."""
        self.settings = settings
        self.name = validate_collection_name(settings.collection)
        self.dir = settings.collection_dir()
        self.manifest_path = self.dir / "manifest.json"
        self.texts_dir = self.dir / "texts"
        self._client: Any = None
        self._collection: Any = None
        self._pinned = chroma_collection
        self._chroma_name: str | None = chroma_collection

    @property
    def base_chroma_name(self) -> str:
        """The Chroma collection of a collection never rebuilt; also names the companion ``__meta``."""
        return f"policy_chat_{self.name}"

    @property
    def chroma_name(self) -> str:
        """The Chroma collection holding the chunks: pinned, else named by the manifest, else the base."""
        if self._chroma_name is None:
            self._chroma_name = self.manifest_names() or self.base_chroma_name
        return self._chroma_name

    def owns(self, chroma_name: str) -> bool:
        """Whether a Chroma collection belongs to this collection (its base, or one of its rebuilds)."""
        from index.builds import is_build_of

        return chroma_name == self.base_chroma_name or is_build_of(self.name, chroma_name)

    def client(self) -> Any:
        self._client = self._client or chroma_client(self.settings)
        return self._client

    def use_chroma_collection(self, name: str | None) -> None:
        """Follow the manifest to the Chroma collection it names (not when pinned)."""
        name = name or self.base_chroma_name
        if self._pinned is None and name != self._chroma_name:
            self._chroma_name = name
            self._collection = None

    def manifest_names(self) -> str | None:
        """The Chroma collection the stored manifest names, read leniently (None when unreadable)."""
        raw = self.raw_manifest()
        named = raw.get("chroma_collection") if raw else None
        return named if isinstance(named, str) else None

    def raw_manifest(self) -> dict | None:
        """The stored manifest as JSON, or None when it is missing or damaged; for a rebuild, which
        must work exactly when the manifest cannot be read normally."""
        try:
            raw = self._remote_get("__manifest__") if self.remote else self.manifest_path.read_text(encoding="utf-8")
            data = json.loads(raw) if raw is not None else None
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    @property
    def docstore_path(self) -> Path:
        """The llama-index docstore (dedupe cache) belongs to one Chroma collection: a rebuild starts its
        own, so a rebuild that does not finish leaves the live collection's cache as it was."""
        if self.chroma_name == self.base_chroma_name:
            return self.dir / "docstore.json"
        return self.dir / f"docstore.{self.chroma_name}.json"

    # --- with a Chroma server, the manifest and cleaned texts live beside the chunks -------------
    @property
    def remote(self) -> bool:
        return bool(self.settings.chroma_url)

    def _meta(self, create: bool = False) -> Any:
        """Companion collection: one record per cleaned text, plus the manifest (server mode)."""
        self._client = self._client or chroma_client(self.settings)
        if create:
            return self._client.get_or_create_collection(self.base_chroma_name + "__meta", embedding_function=None)
        try:
            return self._client.get_collection(self.base_chroma_name + "__meta", embedding_function=None)
        except Exception:
            return None

    def _remote_get(self, record_id: str) -> str | None:
        meta = self._meta()
        if meta is None:
            return None
        got = meta.get(ids=[record_id], include=["documents"])
        return got["documents"][0] if got["ids"] else None

    def _remote_put(self, record_id: str, text: str) -> None:
        self._meta(create=True).upsert(ids=[record_id], documents=[text], embeddings=[[0.0]])

    def exists(self) -> bool:
        if self.remote:
            return self._remote_get("__manifest__") is not None
        return self.manifest_path.exists()

    # --- manifest -------------------------------------------------------------
    def read_manifest(self) -> dict:
        raw = self._remote_get("__manifest__") if self.remote else None
        if raw is None and (self.remote or not self.manifest_path.exists()):
            raise NoIndexError(self.name, self.settings.chroma_url or str(self.settings.index_dir))
        try:
            manifest = json.loads(raw if raw is not None else self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexMismatchError(f"its manifest {self.manifest_path} is damaged ({exc})") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_VERSION:
            raise IndexMismatchError(f"{self.manifest_path} is not a policy-chat manifest of this version")
        check_manifest_shape(manifest, self.manifest_path)
        named = manifest.get("chroma_collection")
        if named is not None and not self.owns(named):
            raise IndexMismatchError(f"its manifest {self.manifest_path} names '{named}', not a collection of its own")
        self.use_chroma_collection(named)
        return manifest

    def new_manifest(self) -> dict:
        return {
            "format": MANIFEST_VERSION,
            "embed_model": self.settings.embed_model,
            "collection": self.name,
            "generation": 0,
            "docs": {},
        }

    def write_manifest(self, manifest: dict) -> None:
        manifest["generation"] = int(manifest.get("generation", 0)) + 1
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
        if self.remote:
            self._put_remote_manifest(data, manifest)
        else:
            atomic_write(self.manifest_path, data)

    def _put_remote_manifest(self, data: str, manifest: dict) -> None:
        """The version also as metadata, so ``manifest_version()`` need not download the manifest."""
        self._meta(create=True).upsert(
            ids=["__manifest__"],
            documents=[data],
            embeddings=[[0.0]],
            metadatas=[
                {"generation": manifest["generation"], "chroma_collection": str(manifest.get("chroma_collection"))}
            ],
        )

    def manifest_version(self) -> tuple:
        """(generation, Chroma collection) of the manifest without parsing it, for the check before
        every question: at 14,285 documents the manifest is 3.5 MB and parsing it took 25-45 ms (most
        of an answer), and made enough objects to set off full garbage collections."""
        if self.remote:
            meta = self._meta()
            got = meta.get(ids=["__manifest__"], include=["metadatas"]) if meta is not None else None
            if got and got["ids"] and got["metadatas"][0] and "generation" in got["metadatas"][0]:
                found = got["metadatas"][0]
                name = found.get("chroma_collection")
                return int(found["generation"]), None if name in (None, "None") else name
            manifest = self.read_manifest()
            return manifest.get("generation"), manifest.get("chroma_collection")
        try:
            st = os.stat(self.manifest_path)
        except OSError:
            self.read_manifest()  # names the missing index
            raise
        # every write is a new file renamed into place: a new inode or time whenever it changes
        key = (str(self.manifest_path.resolve()), st.st_ino, st.st_mtime_ns, st.st_size)
        if key not in _VERSIONS:
            if len(_VERSIONS) > 64:
                _VERSIONS.clear()
            manifest = self.read_manifest()
            _VERSIONS[key] = (manifest.get("generation"), manifest.get("chroma_collection"))
        return _VERSIONS[key]

    @staticmethod
    def stale_annotations(manifest: dict) -> list[str]:
        """Documents whose chunks an earlier annotator tagged (``ANNOTATOR_VERSION``): their stored
        names and tags may disagree with how questions are tagged now; ``policy-chat ingest``
        re-tags them."""
        from index.annotate import ANNOTATOR_VERSION

        return sorted(d for d, info in manifest["docs"].items() if info.get("annotator") != ANNOTATOR_VERSION)

    def check_model(self, manifest: dict) -> None:
        if manifest.get("embed_model") != self.settings.embed_model:
            raise IndexMismatchError(
                f"collection '{self.name}' was built with the embedding model "
                f"'{manifest.get('embed_model')}', but '{self.settings.embed_model}' is configured"
            )

    # --- cleaned texts ---------------------------------------------------------
    def text_path(self, doc_id: str, text_hash: str) -> Path:
        return self.texts_dir / f"{doc_id}.{text_hash}.txt"

    def write_text(self, doc_id: str, text_hash: str, text: str) -> None:
        if self.remote:
            self._remote_put(f"text:{doc_id}@{text_hash}", text)
            return
        atomic_write(self.text_path(doc_id, text_hash), text)

    def read_text(self, doc_id: str, text_hash: str) -> str | None:
        if self.remote:
            return self._remote_get(f"text:{doc_id}@{text_hash}")
        try:
            return self.text_path(doc_id, text_hash).read_text(encoding="utf-8")
        except OSError:
            return None

    def prune_texts(self, manifest: dict) -> None:
        if self.remote:
            keep_ids = {f"text:{d}@{info['text_hash']}" for d, info in manifest["docs"].items()}
            meta = self._meta()
            if meta is not None:
                page = self.settings.chroma_page_size
                stale = [i for i in all_ids(meta, page) if i.startswith("text:") and i not in keep_ids]
                delete_ids(meta, stale, page)
            return
        keep = {f"{d}.{info['text_hash']}.txt" for d, info in manifest["docs"].items()}
        if self.texts_dir.exists():
            for f in self.texts_dir.glob("*.txt"):
                if f.name not in keep:
                    f.unlink(missing_ok=True)

    # --- chroma ------------------------------------------------------------------
    def collection(self, create: bool = False) -> Any:
        if self._collection is None:
            self._client = self._client or chroma_client(self.settings)
            if create:
                self._collection = self._client.get_or_create_collection(
                    self.chroma_name,
                    embedding_function=None,
                    metadata={"hnsw:space": "cosine"},
                )
            else:
                try:
                    self._collection = self._client.get_collection(self.chroma_name, embedding_function=None)
                except Exception as exc:
                    raise IndexMismatchError(
                        f"the manifest exists but the Chroma collection '{self.chroma_name}' is missing ({exc})"
                    ) from exc
        return self._collection

    def vector_store(self, create: bool = False) -> Any:
        store = _batched_vector_store_class()(chroma_collection=self.collection(create=create))
        store._max_batch = self._client.get_max_batch_size()
        return store


@functools.cache
def _batched_vector_store_class() -> type:
    """llama-index's ChromaVectorStore cuts an add at 41,665 records, but Chroma takes at most
    ``get_max_batch_size()`` (5,461 in the embedded store): one document of more chunks than that (a
    2 MB compilation) failed as a whole, after all of it had been embedded."""
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from pydantic import PrivateAttr

    class BatchedChromaVectorStore(ChromaVectorStore):
        _max_batch: int = PrivateAttr(default=5000)
        _early: set[str] = PrivateAttr(default_factory=set)

        def add(self, nodes: list[Any], **add_kwargs: Any) -> list[str]:
            """Skips the chunks ``add_early`` wrote while the batch was still being embedded."""
            todo = [node for node in nodes if node.node_id not in self._early]
            for first in range(0, len(todo), self._max_batch):
                super().add(todo[first : first + self._max_batch], **add_kwargs)
            self._early.difference_update(node.node_id for node in nodes)
            return [node.node_id for node in nodes]

        def add_early(self, nodes: list[Any]) -> None:
            """Chunks written while the next ones are embedded (ingest/pipeline.py); the pipeline's own
            ``add`` at the end of the batch leaves them out. Like every chunk, they are invisible to
            readers until the manifest names their document version."""
            for first in range(0, len(nodes), self._max_batch):
                super().add(nodes[first : first + self._max_batch])
            self._early.update(node.node_id for node in nodes)

    return BatchedChromaVectorStore
