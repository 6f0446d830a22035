"""Where a collection lives: Chroma (embedded or a server) plus files under the index dir.

Layout under ``<index_dir>``::

    chroma/                                  embedded Chroma store (all collections)
    collections/<name>/manifest.json         documents, hashes, embedding model
    collections/<name>/texts/<doc>.<hash>.txt  cleaned texts, the truth for offsets
    collections/<name>/docstore.json         llama-index docstore (dedupe by hash)
    collections/<name>/feedback.jsonl        thumbs up/down from the web chat

With a Chroma server (``--chroma-url``) the manifest and the cleaned texts are stored in a
companion collection ``policy_chat_<name>__meta`` on the server, so every machine that points at
the server answers from the same truth; only the llama-index docstore (a dedupe cache) and the
ONNX query model stay local.
"""

from __future__ import annotations

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
_GENERATIONS: dict[tuple, int | None] = {}  # manifest file identity → its generation
_HTTP_CLIENTS: dict[str, Any] = {}  # one client per Chroma server URL and process
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")


def validate_collection_name(name: str) -> str:
    if not _NAME.match(name):
        raise ConfigError(
            f"'{name}' is not a valid collection name.",
            "Use letters, digits, '-' and '_' (up to 63 characters).",
        )
    return name


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

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = validate_collection_name(settings.collection)
        self.dir = settings.collection_dir()
        self.manifest_path = self.dir / "manifest.json"
        self.docstore_path = self.dir / "docstore.json"
        self.texts_dir = self.dir / "texts"
        self._client: Any = None
        self._collection: Any = None

    @property
    def chroma_name(self) -> str:
        return f"policy_chat_{self.name}"

    # --- with a Chroma server, the manifest and cleaned texts live beside the chunks -------------
    @property
    def remote(self) -> bool:
        return bool(self.settings.chroma_url)

    def _meta(self, create: bool = False) -> Any:
        """Companion collection: one record per cleaned text, plus the manifest (server mode)."""
        self._client = self._client or chroma_client(self.settings)
        if create:
            return self._client.get_or_create_collection(self.chroma_name + "__meta", embedding_function=None)
        try:
            return self._client.get_collection(self.chroma_name + "__meta", embedding_function=None)
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
            self._put_remote_manifest(data, manifest["generation"])
        else:
            atomic_write(self.manifest_path, data)

    def _put_remote_manifest(self, data: str, generation: int) -> None:
        """The generation also as metadata, so ``generation()`` need not download the manifest."""
        self._meta(create=True).upsert(
            ids=["__manifest__"], documents=[data], embeddings=[[0.0]], metadatas=[{"generation": generation}]
        )

    def generation(self) -> int | None:
        """The manifest's generation without parsing the manifest, for the check before every
        question: at 14,285 documents the manifest is 3.5 MB and parsing it took 25-45 ms (most of
        an answer), and created enough objects to set off full garbage collections."""
        if self.remote:
            meta = self._meta()
            got = meta.get(ids=["__manifest__"], include=["metadatas"]) if meta is not None else None
            if got and got["ids"] and got["metadatas"][0] and "generation" in got["metadatas"][0]:
                return int(got["metadatas"][0]["generation"])
            return self.read_manifest().get("generation")
        try:
            st = os.stat(self.manifest_path)
        except OSError:
            return self.read_manifest().get("generation")  # names the missing index
        # every write is a new file renamed into place: a new inode or time whenever it changes
        key = (str(self.manifest_path.resolve()), st.st_ino, st.st_mtime_ns, st.st_size)
        if key not in _GENERATIONS:
            if len(_GENERATIONS) > 64:
                _GENERATIONS.clear()
            _GENERATIONS[key] = self.read_manifest().get("generation")
        return _GENERATIONS[key]

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
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection(create=create))

    def drop(self) -> None:
        """Delete the collection everywhere (for --rebuild)."""
        client = self._client or chroma_client(self.settings)
        for name in (self.chroma_name, self.chroma_name + "__meta"):
            try:
                client.delete_collection(name)
            except Exception:  # absent is fine
                pass
        self._collection = None
        import shutil

        shutil.rmtree(self.dir, ignore_errors=True)
