"""Write documents into a collection through a llama-index IngestionPipeline.

The docstore (content hash per document) makes re-ingest idempotent and replaces
a changed document's chunks; Chroma holds chunks and vectors. Order of writes is
chosen so that a crash at any point is repaired by the next ingest: texts first,
then vectors, then docstore and manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llama_index.core import Document
from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode, TransformComponent
from llama_index.core.storage.docstore import SimpleDocumentStore

from index.embedder import load_embedder
from index.errors import IngestFileError, PolicyChatError
from index.settings import Settings
from index.store import CollectionStore
from ingest.chunker import chunk_document
from ingest.documents import PreparedDocument, make_doc_id, prepare
from ingest.loaders import discover

BUNDLED = Path(__file__).resolve().parent.parent / "data"
EMBED_KEYS = ("title", "section")


def default_paths() -> list[Path]:
    return [BUNDLED / "announcement"]


class StructuredChunker(TransformComponent):
    """Documents → sentence-bounded chunks with offsets and section paths."""

    def __call__(self, nodes: list[Any], **kwargs: Any) -> list[TextNode]:
        out: list[TextNode] = []
        for doc in nodes:
            meta = dict(doc.metadata)
            for chunk in chunk_document(doc.id_, doc.text):
                node_meta = {
                    **meta,
                    "section": chunk.section,
                    "start": chunk.start,
                    "end": chunk.end,
                    "heading_level": chunk.heading_level,
                }
                node = TextNode(
                    id_=chunk.chunk_id,
                    text=chunk.text,
                    metadata=node_meta,
                    excluded_embed_metadata_keys=[k for k in node_meta if k not in EMBED_KEYS],
                    excluded_llm_metadata_keys=list(node_meta),
                    relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=doc.id_)},
                )
                out.append(node)
        return out


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[IngestFileError] = field(default_factory=list)
    chunks: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


class Ingestor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = CollectionStore(settings)

    def _manifest(self, rebuild: bool) -> dict:
        if rebuild:
            self.store.drop()
        if self.store.exists():
            manifest = self.store.read_manifest()
            self.store.check_model(manifest)
            return manifest
        return self.store.new_manifest()

    def _docstore(self) -> SimpleDocumentStore:
        if self.store.docstore_path.exists():
            try:
                return SimpleDocumentStore.from_persist_path(str(self.store.docstore_path))
            except (ValueError, OSError):
                pass  # a damaged docstore only costs re-embedding
        return SimpleDocumentStore()

    def ingest(
        self,
        paths: list[Path] | None = None,
        rebuild: bool = False,
        on_progress: Callable[[str, int, int], None] | None = None,
    ) -> IngestReport:
        files, problems = discover(paths or default_paths())
        report = IngestReport(failed=list(problems))
        manifest = self._manifest(rebuild)
        prepared: list[PreparedDocument] = []
        seen: dict[str, Path] = {}
        for path in files:
            doc_id = make_doc_id(path)
            known = next((d for d, info in manifest["docs"].items() if info.get("path") == str(path.resolve())), None)
            if known:
                doc_id = known
            elif doc_id in seen or (
                doc_id in manifest["docs"] and manifest["docs"][doc_id].get("path") != str(path.resolve())
            ):
                n = 2
                while f"{doc_id}-{n}" in seen or f"{doc_id}-{n}" in manifest["docs"]:
                    n += 1
                doc_id = f"{doc_id}-{n}"
            try:
                prepared.append(prepare(path, doc_id))
                seen[doc_id] = path
            except IngestFileError as exc:
                report.failed.append(exc)
            except Exception as exc:
                report.failed.append(IngestFileError(str(path), f"could not be read ({type(exc).__name__}: {exc})"))
        if not prepared:
            if not self.store.exists() and not report.failed:
                raise PolicyChatError("Nothing to ingest.", "Give files or folders with .txt .md .html .pdf .docx.")
            return report

        embed = load_embedder(self.settings.embed_model, self.settings.embed_batch_size)
        vector_store = self.store.vector_store(create=True)
        docstore = self._docstore()
        pipeline = IngestionPipeline(
            transformations=[StructuredChunker(), embed],
            vector_store=vector_store,
            docstore=docstore,
            docstore_strategy=DocstoreStrategy.UPSERTS,
        )
        for i, doc in enumerate(prepared):
            if on_progress:
                on_progress(doc.doc_id, i, len(prepared))
            before = manifest["docs"].get(doc.doc_id)
            self.store.write_text(doc.doc_id, doc.text_hash, doc.text)
            if before is None and docstore.get_document_hash(doc.doc_id) is None:
                vector_store.delete(doc.doc_id)  # leftovers of an ingest killed half-way
            lidoc = Document(id_=doc.doc_id, text=doc.text, metadata=doc.metadata())
            try:
                nodes = pipeline.run(documents=[lidoc])
            except Exception as exc:
                report.failed.append(
                    IngestFileError(str(doc.path), f"could not be indexed ({type(exc).__name__}: {exc})")
                )
                continue
            if before and before.get("text_hash") == doc.text_hash and not nodes:
                report.unchanged.append(doc.doc_id)
                continue
            count = len(nodes) if nodes else (before or {}).get("chunks", 0)
            (report.updated if before else report.added).append(doc.doc_id)
            report.chunks += count
            manifest["docs"][doc.doc_id] = {
                "path": str(doc.path.resolve()),
                "title": doc.title,
                "date": doc.date,
                "source": doc.source,
                "issuer": doc.issuer,
                "text_hash": doc.text_hash,
                "chunks": count,
                "removed": doc.removed,
            }
            docstore.persist(str(self.store.docstore_path))
            self.store.write_manifest(manifest)
        if on_progress:
            on_progress("", len(prepared), len(prepared))
        dim = len(embed.get_query_embedding("dimension probe"))
        if manifest.get("dim") not in (None, dim):
            from index.errors import IndexMismatchError

            raise IndexMismatchError(f"vectors of dimension {dim} do not match the collection's {manifest['dim']}")
        manifest["dim"] = dim
        docstore.persist(str(self.store.docstore_path))
        self.store.write_manifest(manifest)
        self.store.prune_texts(manifest)
        return report

    def remove(self, doc_ids: list[str]) -> list[str]:
        manifest = self.store.read_manifest()
        docstore = self._docstore()
        vector_store = self.store.vector_store()
        removed = []
        for doc_id in doc_ids:
            if doc_id not in manifest["docs"]:
                raise PolicyChatError(
                    f"No document '{doc_id}' in collection '{self.store.name}'.", "See `policy-chat docs` for the ids."
                )
            vector_store.delete(doc_id)
            docstore.delete_ref_doc(doc_id, raise_error=False)
            docstore.delete_document(doc_id, raise_error=False)
            del manifest["docs"][doc_id]
            removed.append(doc_id)
        docstore.persist(str(self.store.docstore_path))
        self.store.write_manifest(manifest)
        self.store.prune_texts(manifest)
        return removed
