"""Write documents into a collection through a llama-index IngestionPipeline.

Each version of a document is its own llama-index Document (``doc_id@text_hash``), so the
docstore's content hashes make re-ingest idempotent, and a changed document is written
*beside* the old version: new chunks first, then the manifest switches to the new version,
then the old chunks are deleted. Readers filter chunks by the manifest's version, so they
see the old document or the new one, never half of each. A crash at any point leaves at
worst orphans that the next ingest removes.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llama_index.core import Document
from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline
from llama_index.core.schema import MetadataMode, NodeRelationship, RelatedNodeInfo, TextNode, TransformComponent
from llama_index.core.storage.docstore import SimpleDocumentStore
from pydantic import PrivateAttr

from index import annotate
from index.annotate import chunk_metadata
from index.builds import drop_chroma_collection, new_build_name, remove_stale_builds, switch_to
from index.embedder import load_embedder, set_progress
from index.errors import IndexMismatchError, IngestFileError, PolicyChatError
from index.onnx_models import place_model
from index.pages import delete_ids, get_pages
from index.query_embed import prepare_query_model
from index.settings import Settings
from index.snapshot import TokensAhead, write_snapshot
from index.store import CollectionStore
from index.writer_lock import writer_lock
from ingest.chunker import chunk_document
from ingest.documents import PreparedDocument, make_doc_id, prepare
from ingest.embedding import EmbedChoice, choose_embedder
from ingest.loaders import check_rebuild_inputs, discover

BUNDLED = Path(__file__).resolve().parent.parent / "data"
EMBED_KEYS: tuple[str, ...] = ()  # title and section reach BM25; embedding them only cost tokens


def default_paths() -> list[Path]:
    return [BUNDLED / "announcement"]


def entities(text: str) -> dict[str, str]:
    """People, organisations, places, times and the encoded word tags of a chunk, from the one
    annotator that answering also uses (index.annotate), stored so answering runs no tagger."""
    return chunk_metadata(text)


class StructuredChunker(TransformComponent):
    """Documents → sentence-bounded chunks with offsets, section paths, tags and (given an embedder)
    their vectors.

    The embedder only needs each chunk's text, so it runs in a second thread while this one tags
    the chunks (ONNX Runtime releases the GIL): annotating 1,206 chunks took 6–7 s beside 29 s of
    embedding, and overlapped the two took about the embedding's time alone (docs/performance.md).

    Given ``write`` (the vector store's ``add_early``) and an embedder that says in which groups it
    works (``embedding_groups``), the chunks are embedded group by group, and each group, once tagged
    and embedded, is written while the next one is embedded: Chroma's add (0.7–1 s per 1,206 chunks)
    no longer waits for the last vector. The groups run exactly the batches one call would, so the
    vectors are the same; what is written stays invisible until the manifest names it."""

    _chunks: int = PrivateAttr(default=0)  # of the last call: what the embedder has to get through
    _embedder: Any = PrivateAttr(default=None)
    _write: Any = PrivateAttr(default=None)
    _group_size: int = PrivateAttr(default=0)

    def __init__(self, embedder: Any = None, write: Any = None, group_size: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._embedder, self._write, self._group_size = embedder, write, group_size

    def __call__(self, nodes: list[Any], **kwargs: Any) -> list[TextNode]:
        out: list[TextNode] = []
        self._chunks = 0
        for doc in nodes:
            meta = dict(doc.metadata)
            for chunk in chunk_document(meta["doc"], doc.text, version=meta["text_hash"]):
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
                    relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=doc.id_)},
                )
                out.append(node)
        self._chunks = len(out)
        texts = [node.get_content(metadata_mode=MetadataMode.EMBED) for node in out]
        groups = self._groups(texts)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed") as pool:
            vectors = []
            if self._embedder is not None:
                for group in groups:  # one after another in the one thread
                    # the caller's context goes along: Gradio finds an upload's progress bar through context variables
                    batch = [texts[i] for i in group]
                    vectors.append(
                        pool.submit(contextvars.copy_context().run, self._embedder.get_text_embedding_batch, batch)
                    )
            try:
                written = 0
                for tagged, group in enumerate(groups, start=1):
                    for i in group:
                        node = out[i]
                        node.metadata.update(entities(node.text))  # tags are never embedded (not in EMBED_KEYS)
                        node.excluded_embed_metadata_keys = [k for k in node.metadata if k not in EMBED_KEYS]
                        node.excluded_llm_metadata_keys = list(node.metadata)
                    written = self._store_ready(out, groups, vectors, written, tagged, wait=False)
                self._store_ready(out, groups, vectors, written, len(vectors), wait=True)
            except BaseException:
                for pending in vectors:
                    pending.cancel()
                raise
        return out

    def _groups(self, texts: list[str]) -> list[list[int]]:
        plan = getattr(self._embedder, "embedding_groups", None)
        if self._write is None or self._group_size <= 0 or plan is None or not texts:
            return [list(range(len(texts)))]
        return plan(texts, self._group_size)

    def _store_ready(self, out: list[TextNode], groups, vectors, written: int, tagged: int, wait: bool) -> int:
        """Give the embedded and tagged groups, in order, their vectors and write them (``write``)."""
        while written < min(tagged, len(vectors)) and (wait or vectors[written].done()):
            group = [out[i] for i in groups[written]]
            for node, vector in zip(group, vectors[written].result(), strict=True):
                node.embedding = vector
            if self._write is not None and len(groups) > 1:
                self._write(group)
            written += 1
        return written


class EmbedProgress:
    """The share of a batch's chunks embedded so far, from the embedder's reports.

    llama-index hands the embedder 2,048 chunks at a time and each slice reports (done, of) from zero,
    so for one large document the bar ran from empty to full once per slice; the slices are added up
    here against the chunk count the chunker just produced."""

    def __init__(self, chunker: StructuredChunker, report: Callable[[float], None]) -> None:
        self.chunker, self.report = chunker, report
        self.base = self.last_n = self.last_of = 0

    def __call__(self, n: int, of: int) -> None:
        if n <= self.last_n:  # a new slice began
            self.base += self.last_of
        self.last_n, self.last_of = n, of
        total = max(self.chunker._chunks, self.base + of)
        self.report(min(1.0, (self.base + n) / total))


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
        self._building = False  # a rebuild keeps its manifest in memory until it is complete

    def _manifest(self) -> dict:
        if self.store.exists():
            manifest = self.store.read_manifest()
            self.store.check_model(manifest)
            return manifest
        return self.store.new_manifest()

    def _save_manifest(self, manifest: dict) -> None:
        if not self._building:
            self.store.write_manifest(manifest)

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
        follow_symlinks: bool = False,
    ) -> IngestReport:
        given = list(paths or default_paths())
        files, problems = discover(given, follow_symlinks=follow_symlinks)
        if rebuild:
            check_rebuild_inputs(given, files)  # before anything is touched
        report = IngestReport(failed=list(problems))
        with writer_lock(self.settings):
            if rebuild:
                return self._rebuild(files, report, on_progress)
            manifest = self._manifest()
            remove_stale_builds(self.store, self.store.chroma_name)
            prepared = self._prepare_all(files, manifest, report)
            if not prepared:
                if not self.store.exists() and not report.failed:
                    raise PolicyChatError("Nothing to ingest.", "Give files or folders with .txt .md .html .pdf .docx.")
                return report
            self._write(prepared, manifest, report, on_progress)
            self.store.write_manifest(manifest)
            self.store.prune_texts(manifest)
            self.remove_orphans(manifest)
        return report

    def _rebuild(
        self, files: list[Path], report: IngestReport, on_progress: Callable[[str, float, int], None] | None
    ) -> IngestReport:
        """Build the collection anew beside the live one; switch to it only when every file made it."""
        live = self.store
        old = live.raw_manifest()
        remove_stale_builds(live, live.chroma_name)
        build = CollectionStore(self.settings, chroma_collection=new_build_name(live.name))
        manifest = build.new_manifest()
        skipped = len(report.failed)  # unsupported or unfollowed files, named but not read
        self.store, self._building = build, True
        try:
            prepared = self._prepare_all(files, manifest, report)
            if prepared:
                self._write(prepared, manifest, report, on_progress)
            if not prepared or len(report.failed) > skipped:
                drop_chroma_collection(live, build.chroma_name)
                report.warnings.append(
                    f"Collection '{live.name}' was not rebuilt, because {len(report.failed) - skipped} file(s) "
                    "could not be ingested; it is as it was. Fix or leave out those files, then run "
                    "`policy-chat ingest --rebuild` again."
                )
                report.added, report.updated, report.unchanged, report.chunks = [], [], [], 0
                return report
            switch_to(live, build, manifest, old)
        except BaseException:
            drop_chroma_collection(live, build.chroma_name)
            raise
        finally:
            self.store, self._building = live, False
        return report

    def _write(
        self,
        prepared: list[PreparedDocument],
        manifest: dict,
        report: IngestReport,
        on_progress: Callable[[str, float, int], None] | None,
    ) -> None:
        """Chunk, embed and store the documents batch by batch; the manifest is updated per batch."""
        choice = choose_embedder(self.settings, manifest, load_embedder)
        embed = choice.embedder
        if choice.notice:
            report.warnings.append(choice.notice)
        vector_store = self.store.vector_store(create=True)
        docstore = self._docstore()
        ahead = TokensAhead()  # BM25's tokens of the chunks written early, for the snapshot

        def write_early(nodes: list[TextNode]) -> None:
            vector_store.add_early(nodes)
            for node in nodes:  # while the next group is embedded
                ahead.add(str(node.metadata.get("title", "")), str(node.metadata.get("section", "")), node.text)

        # embeds while it tags (no separate embedding step), and writes what is ready while it embeds
        early = write_early if hasattr(vector_store, "add_early") else None
        chunker = StructuredChunker(embed, early, self.settings.ingest_write_chunks)
        pipeline = IngestionPipeline(
            transformations=[chunker],
            vector_store=vector_store,
            docstore=docstore,
            docstore_strategy=DocstoreStrategy.UPSERTS,
            disable_cache=True,  # its in-memory cache held every chunk of the run a second time
        )
        done = 0
        for batch in batches(prepared, self.settings.ingest_batch_chars):
            if on_progress:
                on_progress(batch[0].doc_id, done, len(prepared))

                def embedded(share: float, first: str = batch[0].doc_id, at: int = done, size: int = len(batch)):
                    on_progress(first, at + size * share, len(prepared))

                set_progress(embed, EmbedProgress(chunker, embedded))
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
        self.record_embedder(manifest, choice)
        settings = self.settings
        if choice.backend == "onnx":
            exported = place_model(settings.embed_model, settings.index_dir, choice.precision, settings.cache_dir)
        else:
            exported = prepare_query_model(embed, settings.embed_model, settings.index_dir, settings.cache_dir)
        if not exported and not settings.embed_model.startswith("hash:"):
            report.warnings.append(
                "The query model could not be exported to ONNX, so each new process loads "
                "sentence-transformers for questions (answers are the same, the first one is slower). "
                "Check that the `onnx` package is installed, then run `policy-chat ingest` again."
            )
        self.write_sparse(manifest, ahead)  # before the manifest naming these versions is written

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
            count = counts.get(vid) or sum(  # in pages: one document may hold more chunks than SQLite binds
                len(page["ids"])
                for page in get_pages(
                    self.store.collection(), self.settings.chroma_page_size, [], where={"document_id": vid}
                )
            )
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
                "annotator": annotate.ANNOTATOR_VERSION,
                "chunks": count,
                "removed": doc.removed,
            }
        docstore.persist(str(self.store.docstore_path))
        self._save_manifest(manifest)  # readers switch to the new versions here
        for vid in stale:
            vector_store.delete(vid)
            docstore.delete_ref_doc(vid, raise_error=False)
            docstore.delete_document(vid, raise_error=False)
        if stale:
            docstore.persist(str(self.store.docstore_path))

    @staticmethod
    def record_embedder(manifest: dict, choice: EmbedChoice) -> None:
        """Which graph embedded the chunks: questions must use the same one."""
        manifest["embed_precision"] = choice.precision
        manifest["embed_backend"] = choice.backend
        if choice.parity is not None:
            manifest["embed_parity"] = choice.parity

    def write_sparse(self, manifest: dict, ahead: TokensAhead | None = None) -> None:
        """The snapshot (chunks, folded texts, BM25) of the manifest's versions, saved before the
        manifest that names them, so a reader of the new manifest finds it ready."""
        manifest["sparse_index"] = write_snapshot(self.store, manifest, ahead)

    def remove_orphans(self, manifest: dict) -> int:
        """Delete chunks of versions the manifest does not name (crash leftovers, removed docs)."""
        live = {version_id(d, info["text_hash"]) for d, info in manifest["docs"].items()}
        collection, page_size = self.store.collection(), self.settings.chroma_page_size
        orphans = [
            cid
            for page in get_pages(collection, page_size, include=["metadatas"])  # all pages first, then delete
            for cid, meta in zip(page["ids"], page["metadatas"], strict=True)
            if version_id(str(meta.get("doc")), str(meta.get("text_hash"))) not in live
        ]
        delete_ids(collection, orphans, page_size)
        return len(orphans)

    def remove(self, doc_ids: list[str]) -> list[str]:
        with writer_lock(self.settings):
            return self._remove(doc_ids)

    def _remove(self, doc_ids: list[str]) -> list[str]:
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
        self.write_sparse(manifest)
        self.store.write_manifest(manifest)  # readers stop seeing them here
        self.remove_orphans(manifest)
        self.store.prune_texts(manifest)
        return removed
