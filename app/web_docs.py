"""Documents from the page: list them to everyone; add and remove them only with a login that may edit.

Uploads are checked by content (not only by name), size-limited, copied under the index
directory (``<index>/uploads/<collection>/``) and ingested through ``ingest.pipeline.Ingestor``;
Gradio's temporary copy is deleted at once and nothing uploaded is ever served back (the
server refuses ``/gradio_api/file=`` outright, see ``web_guard``).
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import threading
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import gradio as gr

from app.assistant import Assistant
from app.web_render import render_documents
from app.web_settings import WebSettings
from index.errors import PolicyChatError
from index.settings import Settings
from ingest.loaders import SUPPORTED

log = logging.getLogger("policy_chat.web")

_ingest_lock = threading.Lock()  # one page ingest at a time in this server
# Signatures of files that are not text, whatever their name says.
_BINARY_SIGNATURES = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"MZ",
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",
)
_UNSAFE_NAME = re.compile(r"[^\w.\-() ]+")
READ_ONLY_NOTE = (
    "This page is read-only. To add or remove documents here, start the server with a login: "
    "`policy-chat serve --auth user:password` (any login may edit) or `--admin user:password` "
    "(only that login may). The shell always can: `policy-chat ingest FILE`, `policy-chat remove ID`."
)


def upload_dir(settings: Settings) -> Path:
    return settings.index_dir / "uploads" / settings.collection


def safe_name(name: str) -> str:
    """A file name that stays inside the upload folder and says what the user uploaded."""
    base = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = _UNSAFE_NAME.sub("_", stem).strip(" ._")[:100] or "upload"
    return stem + suffix


def content_problem(path: Path, suffix: str) -> str | None:
    """Why the file's content does not match its type, or None when it does."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    if suffix == ".pdf":
        return None if head.startswith(b"%PDF-") else "is not a PDF (its content does not start with %PDF-)"
    if suffix == ".docx":
        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    return None
        except (zipfile.BadZipFile, OSError):
            pass
        return "is not a Word .docx file (no word/document.xml inside)"
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if head.startswith(_BINARY_SIGNATURES) or (b"\x00" in head and not utf16):
        return "is a binary file, not text"
    return None


def _check(path: Path, name: str, web: WebSettings) -> str | None:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        return f"unsupported type '{suffix or '(none)'}': upload .txt .md .html .pdf or .docx"
    size = path.stat().st_size
    if size > web.max_upload_file_bytes:
        return f"{size // 2**20} MiB is over the {web.max_upload_file_bytes // 2**20} MiB limit: split it"
    if size == 0:
        return "the file is empty"
    return content_problem(path, suffix)


def ingest_uploads(
    assistant: Assistant,
    web: WebSettings,
    uploaded: list[str],
    on_progress: Callable[[str, float, int], None] | None = None,
) -> list[tuple[str, str, str]]:
    """(file name, outcome, detail) per uploaded file; outcome is added/updated/unchanged/failed."""
    from ingest.pipeline import Ingestor

    settings = assistant.settings
    rows: list[tuple[str, str, str]] = []
    stored: dict[Path, str] = {}
    folder = upload_dir(settings)
    for temp in map(Path, uploaded or []):
        name = safe_name(temp.name)
        try:
            problem = _check(temp, name, web)
            if problem is None:
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / name
                shutil.copyfile(temp, target)
                stored[target.resolve()] = name
            else:
                rows.append((name, "failed", problem))
        finally:
            temp.unlink(missing_ok=True)  # Gradio's copy: never kept, never served
    if not stored:
        return rows
    with _ingest_lock:
        try:
            report = Ingestor(settings).ingest(list(stored), on_progress=on_progress)
        except PolicyChatError as exc:
            for target, name in stored.items():
                rows.append((name, "failed", str(exc)))
                target.unlink(missing_ok=True)
            return rows
    failed = {Path(e.path).resolve(): e for e in report.failed}
    by_path = {Path(d.get("path", "")).resolve(): d["doc_id"] for d in assistant.documents()}
    for target, name in stored.items():
        if target in failed:
            error = failed[target]
            rows.append((name, "failed", f"{error.reason}. {error.hint}".strip()))
            target.unlink(missing_ok=True)
            continue
        doc_id = by_path.get(target, "")
        outcome = next(
            (kind for kind in ("added", "updated", "unchanged") if doc_id in getattr(report, kind)), "unchanged"
        )
        rows.append((name, outcome, f"document id {doc_id}" if doc_id else ""))
    return rows


def render_report(rows: list[tuple[str, str, str]]) -> str:
    if not rows:
        return "<p>Choose one or more files first.</p>"
    items = "".join(
        f'<li class="pc-ingest-{html.escape(outcome)}"><b>{html.escape(name)}</b>: {html.escape(outcome)}'
        f"{' — ' + html.escape(detail) if detail else ''}</li>"
        for name, outcome, detail in rows
    )
    return f'<ul class="pc-ingest-report">{items}</ul>'


def remove_document(assistant: Assistant, doc_id: str) -> str:
    """Drop one document (and its uploaded file, if it came from the page)."""
    from ingest.pipeline import Ingestor

    info = next((d for d in assistant.documents() if d["doc_id"] == doc_id), None)
    with _ingest_lock:
        Ingestor(assistant.settings).remove([doc_id])
    if info and info.get("path"):
        path = Path(info["path"])
        if path.parent.resolve() == upload_dir(assistant.settings).resolve():
            path.unlink(missing_ok=True)
    return f"Removed {doc_id}."


def _choices(assistant: Assistant) -> list[tuple[str, str]]:
    try:
        return [(f"{d.get('title') or d['doc_id']} ({d['doc_id']})", d["doc_id"]) for d in assistant.documents()]
    except PolicyChatError:
        return []


def documents_section(assistant: Assistant, web: WebSettings, may_edit: Callable[[str | None], bool] | None):
    """The Documents accordion; with ``may_edit`` None the page can only list them. Returns what the
    page runs on load to show the editing controls to logins that may edit, or None."""
    with gr.Accordion("Documents", open=False, elem_id="pc-documents"):
        table = gr.HTML(lambda: render_documents(assistant), elem_id="pc-doc-table")
        if may_edit is None:
            gr.Markdown(READ_ONLY_NOTE, elem_id="pc-read-only")
            return None
        limit_mib = web.max_upload_file_bytes // 2**20
        not_editor = gr.Markdown(
            "This login may read but not change the documents; the `--admin` login may.",
            visible=False,
            elem_id="pc-not-editor",
        )
        with gr.Group(elem_id="pc-editor") as editor:
            files = gr.File(
                label=f"Add documents (.txt .md .html .pdf .docx, up to {limit_mib} MiB each)",
                file_count="multiple",
                file_types=sorted(SUPPORTED),
                elem_id="pc-upload",
            )
            add = gr.Button("Add to the collection", variant="primary", elem_id="pc-add")
            report = gr.HTML("", elem_id="pc-ingest-report")
            with gr.Row():
                pick = gr.Dropdown(
                    choices=_choices(assistant), label="Remove a document", elem_id="pc-remove-pick", scale=3
                )
                remove = gr.Button("Remove", variant="stop", elem_id="pc-remove", scale=1)

        def refused(request: gr.Request | None) -> str | None:
            user = getattr(request, "username", None)
            return None if may_edit(user) else "This login may not change the documents (ask the one given by --admin)."

        def add_files(uploaded: list[str] | None, request: gr.Request, progress=gr.Progress()):  # noqa: B008
            why = refused(request)
            if why:
                for temp in uploaded or []:
                    Path(temp).unlink(missing_ok=True)
                return f'<p class="pc-ingest-failed">{html.escape(why)}</p>', gr.update(), gr.update(), None

            def on_progress(doc_id: str, done: float, total: int) -> None:
                progress((done, max(total, 1)), desc=f"Ingesting {doc_id}" if doc_id else "Finishing", unit="files")

            try:
                rows = ingest_uploads(assistant, web, uploaded or [], on_progress)
            except Exception as exc:  # reported, logged, and the server carries on
                log.error("upload failed", exc_info=exc)
                rows = [
                    (Path(p).name, "failed", f"{type(exc).__name__}; the server log has why") for p in uploaded or []
                ]
            choices = _choices(assistant)
            return render_report(rows), render_documents(assistant), gr.update(choices=choices, value=None), None

        def remove_one(doc_id: str | None, request: gr.Request):
            why = refused(request)
            if why or not doc_id:
                message = why or "Pick a document first."
                return f'<p class="pc-ingest-failed">{html.escape(message)}</p>', gr.update(), gr.update()
            try:
                message = remove_document(assistant, doc_id)
            except PolicyChatError as exc:
                message = str(exc)
            return (
                f"<p>{html.escape(message)}</p>",
                render_documents(assistant),
                gr.update(choices=_choices(assistant), value=None),
            )

        add.click(add_files, [files], [report, table, pick, files], concurrency_limit=1)
        remove.click(remove_one, [pick], [report, table, pick], concurrency_limit=1)

        def show_for(request: gr.Request):
            allowed = refused(request) is None
            return gr.update(visible=allowed), gr.update(visible=not allowed), gr.update(choices=_choices(assistant))

        return show_for, [editor, not_editor, pick]
    return None
