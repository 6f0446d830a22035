"""Write documents into a collection through a llama-index IngestionPipeline.

Each version of a document is its own llama-index Document (``doc_id@text_hash``), so the
docstore's content hashes make re-ingest idempotent, and a changed document is written
*beside* the old version: new chunks first, then the manifest switches to the new version,
then the old chunks are deleted. Readers filter chunks by the manifest's version, so they
see the old document or the new one, never half of each. A crash at any point leaves at
worst orphans that the next ingest removes.
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

from index.annotate import chunk_metadata
from index.embedder import load_embedder, set_progress
from index.errors import IndexMismatchError, IngestFileError, PolicyChatError
from index.query_embed import prepare_query_model
from index.settings import Settings
from index.store import CollectionStore
from ingest.chunker import chunk_document
from ingest.documents import PreparedDocument, make_doc_id, prepare
from ingest.loaders import discover

BUNDLED = Path(__file__).resolve().parent.parent / "data"
EMBED_KEYS: tuple[str, ...] = ()  # title and section reach BM25; embedding them only cost tokens


def default_paths() -> list[Path]:
    return [BUNDLED / "announcement"]


def entities(text: str) -> dict[str, str]:
    """People, organisations, places, times and the encoded word tags of a chunk, from the one
    annotator that answering also uses (index.annotate), stored so answering runs no tagger."""
    return chunk_metadata(text)


class StructuredChunker(TransformComponent):
    """Documents → sentence-bounded chunks with offsets and section paths."""

    def __call__(self, nodes: list[Any], **kwargs: Any) -> list[TextNode]:
        out: list[TextNode] = []
        for doc in nodes:
            meta = dict(doc.metadata)
            for chunk in chunk_document(meta["doc"], doc.text, version=meta["text_hash"]):
                node_meta = {
                    **meta,
                    "section": chunk.section,
                    "start": chunk.start,
                    "end": chunk.end,
                    "heading_level": chunk.heading_level,
                    **entities(chunk.text),
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
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def version_id(doc_id: str, text_hash: str) -> str:
    return f"{doc_id}@{text_hash}"


def batches(prepared: list[PreparedDocument], limit: int) -> list[list[PreparedDocument]]:
    """Consecutive documents grouped until a group reaches ``limit`` characters.

    The embedder sorts a batch's chunks by length before padding, so small batches pad more:
    batches of 32 documents padded 26 % more tokens than one sort over all chunks and ingested
    about 10 % slower. The default limit (Settings.ingest_batch_chars) is about 3,000 chunks."""
    out: list[list[PreparedDocument]] = []
    size = 0
    for doc in prepared:
        if not out or size >= limit:
            out.append([])
            size = 0
        out[-1].append(doc)
        size += len(doc.text)
    return out


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

    def _prepare_all(self, files: list[Path], manifest: dict, report: IngestReport) -> list[PreparedDocument]:
        by_path = {info.get("path"): d for d, info in manifest["docs"].items()}
        prepared: list[PreparedDocument] = []
        seen: set[str] = set()
        for path in files:
            resolved = str(path.resolve())
            doc_id = by_path.get(resolved) or make_doc_id(path)
            if resolved not in by_path and (doc_id in seen or doc_id in manifest["docs"]):
                n = 2
                while f"{doc_id}-{n}" in seen or f"{doc_id}-{n}" in manifest["docs"]:
                    n += 1
                doc_id = f"{doc_id}-{n}"
            try:
                prepared.append(prepare(path, doc_id))
                seen.add(doc_id)
            except IngestFileError as exc:
                report.failed.append(exc)
            except Exception as exc:  # one bad file never stops the batch
                report.failed.append(IngestFileError(str(path), f"could not be read ({type(exc).__name__}: {exc})"))
        return prepared

    def ingest(
        self,
        paths: list[Path] | None = None,
        rebuild: bool = False,
        on_progress: Callable[[str, float, int], None] | None = None,
    ) -> IngestReport:
        files, problems = discover(paths or default_paths())
        report = IngestReport(failed=list(problems))
        manifest = self._manifest(rebuild)
        prepared = self._prepare_all(files, manifest, report)
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
        done = 0
        for batch in batches(prepared, self.settings.ingest_batch_chars):
            if on_progress:
                on_progress(batch[0].doc_id, done, len(prepared))

                def embedded(n: int, of: int, first: str = batch[0].doc_id, at: int = done, size: int = len(batch)):
                    on_progress(first, at + size * n / of, len(prepared))

                set_progress(embed, embedded)
            try:
                self._ingest_batch(batch, pipeline, vector_store, docstore, manifest, report)
            finally:
                set_progress(embed, None)
            done += len(batch)
        if on_progress:
            on_progress("", len(prepared), len(prepared))
        dim = len(embed.get_query_embedding("dimension probe"))
        if manifest.get("dim") not in (None, dim):
            raise IndexMismatchError(f"vectors of dimension {dim} do not match the collection's {manifest['dim']}")
        manifest["dim"] = dim
        settings = self.settings
        exported = prepare_query_model(embed, settings.embed_model, settings.index_dir, settings.cache_dir)
        if not exported and not settings.embed_model.startswith("hash:"):
            report.warnings.append(
                "The query model could not be exported to ONNX, so each new process loads "
                "sentence-transformers for questions (answers are the same, the first one is slower). "
                "Check that the `onnx` package is installed, then run `policy-chat ingest` again."
            )
        self.store.write_manifest(manifest)
        self.store.prune_texts(manifest)
        self.remove_orphans(manifest)
        return report

    def _ingest_batch(self, batch, pipeline, vector_store, docstore, manifest, report) -> None:
        documents = []
        for doc in batch:
            vid = version_id(doc.doc_id, doc.text_hash)
            self.store.write_text(doc.doc_id, doc.text_hash, doc.text)
            if docstore.get_document_hash(vid) is None:
                vector_store.delete(vid)  # leftovers of an ingest killed half-way
            documents.append(Document(id_=vid, text=doc.text, metadata=doc.metadata()))
        try:
            nodes = pipeline.run(documents=documents, store_doc_text=False)  # texts live in the store
        except Exception as exc:  # the batch failed as a whole: report each file, keep the rest
            for doc in batch:
                report.failed.append(
                    IngestFileError(str(doc.path), f"could not be indexed ({type(exc).__name__}: {exc})")
                )
            return
        counts: dict[str, int] = {}
        for node in nodes:
            counts[node.ref_doc_id] = counts.get(node.ref_doc_id, 0) + 1
        stale: list[str] = []
        for doc in batch:
            before = manifest["docs"].get(doc.doc_id)
            vid = version_id(doc.doc_id, doc.text_hash)
            if before and before.get("text_hash") == doc.text_hash and vid not in counts:
                report.unchanged.append(doc.doc_id)
                continue
            count = counts.get(vid) or len(self.store.collection().get(where={"document_id": vid}, include=[])["ids"])
            (report.updated if before else report.added).append(doc.doc_id)
            report.chunks += count
            if before and before.get("text_hash") != doc.text_hash:
                stale.append(version_id(doc.doc_id, before["text_hash"]))
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
        self.store.write_manifest(manifest)  # readers switch to the new versions here
        for vid in stale:
            vector_store.delete(vid)
            docstore.delete_ref_doc(vid, raise_error=False)
            docstore.delete_document(vid, raise_error=False)
        if stale:
            docstore.persist(str(self.store.docstore_path))

    def remove_orphans(self, manifest: dict) -> int:
        """Delete chunks of versions the manifest does not name (crash leftovers, removed docs)."""
        live = {version_id(d, info["text_hash"]) for d, info in manifest["docs"].items()}
        got = self.store.collection().get(include=["metadatas"])
        orphans = [
            cid
            for cid, meta in zip(got["ids"], got["metadatas"], strict=True)
            if version_id(str(meta.get("doc")), str(meta.get("text_hash"))) not in live
        ]
        if orphans:
            self.store.collection().delete(ids=orphans)
        return len(orphans)

    def remove(self, doc_ids: list[str]) -> list[str]:
        manifest = self.store.read_manifest()
        docstore = self._docstore()
        removed = []
        for doc_id in doc_ids:
            if doc_id not in manifest["docs"]:
                raise PolicyChatError(
                    f"No document '{doc_id}' in collection '{self.store.name}'.", "See `policy-chat docs` for the ids."
                )
            vid = version_id(doc_id, manifest["docs"][doc_id]["text_hash"])
            del manifest["docs"][doc_id]
            docstore.delete_ref_doc(vid, raise_error=False)
            docstore.delete_document(vid, raise_error=False)
            removed.append(doc_id)
        docstore.persist(str(self.store.docstore_path))
        self.store.write_manifest(manifest)  # readers stop seeing them here
        self.remove_orphans(manifest)
        self.store.prune_texts(manifest)
        return removed
