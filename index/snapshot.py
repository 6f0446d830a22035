"""A collection version's snapshot: its live chunks, their folded texts, token ids and BM25 index.

Opening a collection used to read every chunk from Chroma, fold and tokenise them all and build
BM25 (9.2 s at 10,204 chunks, linear in size) in every process. A snapshot holds all of that,
computed once, in files a process loads in a fraction of a second (the BM25 matrices
memory-mapped).

Consistency: a snapshot is named by a key over exactly what it holds — the live document
versions (``doc@hash``) of a manifest, the Chroma collection's id (a rebuilt collection never
reuses an old snapshot) and the code that folds and tokenises. A reader computes the key from
the manifest it read and loads that snapshot, so it can only ever see the one made for its own
version set. A snapshot is written into a temporary directory and renamed into place when
complete, so a crash leaves at most a temporary directory (removed later), never half an index.

Where: embedded store → ``collections/<name>/sparse/<key>/``, written by ingest before the
manifest that names the version set, so the manifest never points at a missing snapshot. Chroma
server → the per-machine cache (``<cache_dir>/sparse/<server>/<name>/<key>/``): the ingesting
machine writes it there, every other machine builds it once per version from the previous
snapshot it holds plus the chunks of new versions, and every later process on that machine
loads it (see docs/reliability.md, "Sparse index (issue 13)").

A reader that finds no snapshot for its key (an old index, an ingest killed between batches,
another machine) builds one from the newest snapshot it has plus the chunks of the missing
versions, so the cost is proportional to what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np

from index.corpus_stats import GramPostings
from index.errors import IndexMismatchError
from index.fold import fold
from index.npy import load_npy
from index.pages import get_versions
from index.sparse import EMPTY, SparseIndex
from index.tokens import tokenize

FORMAT = 1
KEEP = 2  # older snapshots kept beside the current one (readers that opened them a moment ago)
COLUMNS = (
    "id", "doc", "text_hash", "title", "date", "section", "start", "end",
    "heading_level", "names", "places", "tags", "text", "folded",
)  # fmt: skip
OPTIONAL = ("tags",)  # Passage fields the answering code may or may not have (the annotator's tags)


def code_version() -> str:
    """Folding and tokenising code and libraries: a change to either invalidates every snapshot."""
    here = Path(__file__).resolve().parent
    parts = [str(FORMAT)]
    for module in ("tokens.py", "fold.py", "sparse.py"):
        parts.append(hashlib.sha1((here / module).read_bytes()).hexdigest())
    for package in ("jieba", "opencc", "bm25s"):
        try:
            parts.append(package_version(package))
        except Exception:
            parts.append("?")
    return "|".join(parts)


def live_versions(manifest: dict) -> list[str]:
    return sorted(f"{d}@{info['text_hash']}" for d, info in manifest["docs"].items())


def snapshot_key(manifest: dict, collection_id: str) -> str:
    payload = json.dumps([code_version(), collection_id, live_versions(manifest)], ensure_ascii=False)
    return hashlib.sha1(payload.encode()).hexdigest()[:24]


def snapshot_root(store: Any) -> Path:
    if store.remote:
        server = hashlib.sha1(str(store.settings.chroma_url).encode()).hexdigest()[:12]
        return store.settings.cache_dir / "sparse" / server / store.name
    return store.dir / "sparse"


class Snapshot:
    def __init__(self, key: str, versions: list[str], columns: dict[str, list], sparse: SparseIndex, folder=None):
        self.key = key
        self.versions = versions
        self.columns = columns
        self.sparse = sparse
        self.folder: Path | None = folder
        self._tokens: tuple[np.ndarray, np.ndarray, list[str]] | None = None
        self._postings: GramPostings | None = None

    def postings(self) -> GramPostings:
        """The character-gram index of the folded texts (index/corpus_stats.py): memory-mapped from
        the snapshot's folder, or built (about 1.5 s at 100,000 chunks) and added to the folder
        for the next process when the snapshot was saved before the index existed."""
        if self._postings is None and self.folder is not None:
            try:
                self._postings = GramPostings.load(self.folder)
            except (OSError, ValueError):
                self._postings = GramPostings.build(self.columns["folded"])
                try:
                    self._postings.save(self.folder)
                except OSError:
                    pass  # a read-only index only costs the next process the build
        if self._postings is None:
            self._postings = GramPostings.build(self.columns["folded"])
        return self._postings

    def __len__(self) -> int:
        return len(self.columns["id"])

    def tokens(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(flat token ids, per-chunk offsets, vocabulary): what the next version is built from."""
        if self._tokens is None and self.folder is not None:
            self._tokens = (
                load_npy(self.folder / "tokens.npy"),
                load_npy(self.folder / "offsets.npy"),
                json.loads((self.folder / "vocab.json").read_text(encoding="utf-8")),
            )
        assert self._tokens is not None
        return self._tokens

    @classmethod
    def load(cls, folder: Path) -> Snapshot:
        data = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"snapshot format {data.get('format')}")
        return cls(data["key"], data["versions"], data["columns"], SparseIndex.load(folder / "bm25"), folder)

    def save(self, root: Path) -> Path:
        """Into a temporary directory, then renamed into place: the final name appears complete
        or not at all. Another process saving the same key first wins; its copy is identical."""
        final = root / self.key
        if final.exists():
            return final
        root.mkdir(parents=True, exist_ok=True)
        tmp = root / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            tmp.mkdir()
            flat, offsets, vocab = self.tokens()
            np.save(tmp / "tokens.npy", flat)
            np.save(tmp / "offsets.npy", offsets)
            (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
            self.sparse.save(tmp / "bm25")
            self.postings().save(tmp)
            data = {"format": FORMAT, "key": self.key, "versions": self.versions, "columns": self.columns}
            (tmp / "chunks.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            _fsync_tree(tmp)
            os.rename(tmp, final)
            _fsync_dir(root)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not final.exists():
                raise
        self.folder = final
        return final


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
        else:
            _fsync_dir(path)
    _fsync_dir(folder)


# --- building ---------------------------------------------------------------------------------
def sparse_text(title: str, section: str, text: str) -> str:
    """What BM25 indexes of a chunk."""
    return title + "\n" + section + "\n" + text


class TokensAhead:
    """Chunks tokenised for BM25 before the snapshot is built: at ingest, while later chunks are still
    being embedded, so tokenising (0.3–0.4 s per 1,206 chunks) no longer waits for the last vector.
    Looked up by a digest of exactly what would be tokenised, so a chunk whose stored title, section or
    text differs is simply tokenised again; token ids (4 bytes a token) rather than strings, so a
    100,000-chunk ingest holds tens of MB, not the texts."""

    def __init__(self) -> None:
        self._vocab: list[str] = []
        self._ids: dict[str, int] = {}
        self._tokens: dict[bytes, np.ndarray] = {}

    @staticmethod
    def _key(title: str, section: str, text: str) -> bytes:
        return hashlib.blake2b(sparse_text(title, section, text).encode(), digest_size=16).digest()

    def add(self, title: str, section: str, text: str) -> None:
        key = self._key(title, section, text)
        if key in self._tokens:
            return
        ids = []
        for token in tokenize(sparse_text(title, section, text)):
            if token not in self._ids:
                self._ids[token] = len(self._vocab)
                self._vocab.append(token)
            ids.append(self._ids[token])
        self._tokens[key] = np.array(ids, dtype=np.int32)

    def get(self, title: str, section: str, text: str) -> list[str] | None:
        ids = self._tokens.get(self._key(title, section, text))
        return None if ids is None else [self._vocab[i] for i in ids]


def _rows_from_chroma(collection: Any, page_size: int, versions: list[str]) -> dict[str, list]:
    columns: dict[str, list] = {c: [] for c in COLUMNS}
    for page in get_versions(collection, page_size, versions, include=["documents", "metadatas"]):
        for cid, text, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True):
            text = text or ""
            columns["id"].append(cid)
            columns["doc"].append(str(meta.get("doc", "")))
            columns["text_hash"].append(str(meta.get("text_hash", "")))
            for name in ("title", "date", "section", "names", "places", "tags"):
                columns[name].append(str(meta.get(name, "")))
            columns["start"].append(int(meta.get("start", 0)))
            columns["end"].append(int(meta.get("end", 0)))
            columns["heading_level"].append(int(meta.get("heading_level", -1)))
            columns["text"].append(text)
            columns["folded"].append(fold(text))
    return columns


def build(
    manifest: dict,
    key: str,
    collection: Any,
    page_size: int,
    base: Snapshot | None = None,
    ahead: TokensAhead | None = None,
) -> Snapshot:
    """The snapshot of ``manifest``'s versions: ``base``'s chunks of versions still live, plus the
    chunks of the other live versions read from Chroma and tokenised here (or taken from ``ahead``,
    where ingest tokenised the same title, section and text already)."""
    versions = live_versions(manifest)
    live = set(versions)
    kept_rows: list[int] = []
    if base is not None:
        kept_versions = live & set(base.versions)
        kept_rows = [
            i
            for i, (d, h) in enumerate(zip(base.columns["doc"], base.columns["text_hash"], strict=True))
            if f"{d}@{h}" in kept_versions
        ]
        missing = sorted(live - kept_versions)
    else:
        missing = versions
    new = _rows_from_chroma(collection, page_size, missing)
    _check_counts(manifest, new, missing)

    vocab_ids: dict[str, int] = {}
    vocab: list[str] = []
    base_ids: list[np.ndarray] = []
    if base is not None and kept_rows:
        flat, offsets, vocab = base.tokens()
        vocab = list(vocab)
        vocab_ids = {t: i for i, t in enumerate(vocab)}
        base_ids = [flat[offsets[i] : offsets[i + 1]] for i in kept_rows]
    new_ids = []
    for title, section, text in zip(new["title"], new["section"], new["text"], strict=True):
        tokens = (ahead.get(title, section, text) if ahead else None) or tokenize(sparse_text(title, section, text))
        tokens = tokens or [EMPTY]
        ids = []
        for tok in tokens:
            if tok not in vocab_ids:
                vocab_ids[tok] = len(vocab)
                vocab.append(tok)
            ids.append(vocab_ids[tok])
        new_ids.append(np.array(ids, dtype=np.int32))

    if base is not None:  # a snapshot from before a column existed: that column is empty
        old = {c: base.columns.get(c) or [""] * len(base) for c in COLUMNS}
        merged = {c: [old[c][i] for i in kept_rows] + new[c] for c in COLUMNS}
    else:
        merged = new
    all_ids = base_ids + new_ids
    order = sorted(range(len(all_ids)), key=lambda i: (merged["doc"][i], merged["start"][i]))
    columns = {c: [merged[c][i] for i in order] for c in COLUMNS}
    ordered = [all_ids[i] for i in order]
    flat = np.concatenate(ordered) if ordered else np.zeros(0, dtype=np.int32)
    used, compact = np.unique(flat, return_inverse=True)  # drop tokens only removed chunks had
    vocab = [vocab[i] for i in used]
    flat = compact.astype(np.int32)
    offsets = np.zeros(len(ordered) + 1, dtype=np.int64)
    np.cumsum([len(a) for a in ordered], out=offsets[1:])
    per_chunk = [flat[offsets[i] : offsets[i + 1]] for i in range(len(ordered))]
    snapshot = Snapshot(key, versions, columns, SparseIndex.from_token_ids(per_chunk, vocab))
    snapshot._tokens = (flat, offsets, vocab)
    return snapshot


def _check_counts(manifest: dict, new: dict[str, list], versions: list[str]) -> None:
    found: dict[str, int] = {}
    for d, h in zip(new["doc"], new["text_hash"], strict=True):
        found[f"{d}@{h}"] = found.get(f"{d}@{h}", 0) + 1
    want = {f"{d}@{info['text_hash']}": int(info.get("chunks", 0)) for d, info in manifest["docs"].items()}
    got = sum(found.values())
    expected = sum(want[v] for v in versions)
    if got != expected or any(found.get(v, 0) != want[v] for v in versions):
        raise IndexMismatchError(
            f"Chroma holds {got} chunks but the manifest lists {expected} (an ingest was interrupted?)"
        )


# --- finding, loading, writing ---------------------------------------------------------------------
def _complete(root: Path) -> list[Path]:
    """Saved snapshots, newest first (temporary directories are never candidates)."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "chunks.json").exists()]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def open_snapshot(store: Any, manifest: dict, save: bool = True, ahead: TokensAhead | None = None) -> Snapshot:
    """The snapshot of this manifest's versions: loaded if saved, else built (from the newest
    saved one plus the missing versions) and saved for the next process."""
    collection = store.collection()
    key = snapshot_key(manifest, str(collection.id))
    root = snapshot_root(store)
    try:
        return Snapshot.load(root / key)
    except (OSError, ValueError, KeyError):
        pass  # not saved yet (or pruned a moment ago): build it
    base = None
    for candidate in _complete(root)[:3]:
        try:
            base = Snapshot.load(candidate)
            break
        except (OSError, ValueError, KeyError):
            continue
    snapshot = build(manifest, key, collection, store.settings.chroma_page_size, base, ahead)
    if save:
        try:
            snapshot.save(root)
        except OSError:
            pass  # a read-only index or cache only costs the next process a rebuild
    return snapshot


def write_snapshot(store: Any, manifest: dict, ahead: TokensAhead | None = None) -> str:
    """At ingest, before the manifest naming these versions is written."""
    snapshot = open_snapshot(store, manifest, ahead=ahead)
    prune(snapshot_root(store), keep=snapshot.key)
    return snapshot.key


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prune(root: Path, keep: str) -> None:
    """Remove snapshots older than the ``KEEP`` newest besides ``keep``, and temporary directories
    of processes that died (a crash mid-write)."""
    if not root.is_dir():
        return
    for tmp in root.glob(".tmp-*"):
        try:
            pid = int(tmp.name.split("-")[1])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(tmp, ignore_errors=True)
    others = [p for p in _complete(root) if p.name != keep]
    for old in others[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


class PassageList(Sequence):
    """The collection's passages, made from the snapshot's columns when first asked for: building
    100,000 objects at open would cost time most questions never recover."""

    def __init__(self, columns: dict[str, list], make: Callable[..., Any]) -> None:
        self._columns = columns
        self._make = make
        self._made: list[Any] = [None] * len(columns["id"])
        fields = getattr(make, "__dataclass_fields__", {})
        self._optional = [name for name in OPTIONAL if name in fields and name in columns]

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self._made)
        made = self._made[index]
        if made is None:
            c = self._columns
            made = self._make(
                chunk_id=c["id"][index],
                doc_id=c["doc"][index],
                title=c["title"][index],
                date=c["date"][index],
                section=c["section"][index],
                start=c["start"][index],
                end=c["end"][index],
                text=c["text"][index],
                heading_level=c["heading_level"][index],
                text_hash=c["text_hash"][index],
                names=tuple(n for n in c["names"][index].split("|") if n),
                places=tuple(n for n in c["places"][index].split("|") if n),
                **{name: c[name][index] for name in self._optional},
            )
            self._made[index] = made
        return made
