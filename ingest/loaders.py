"""Read a file into text plus front-matter metadata, through well-kept libraries.

Text files are decoded as UTF-8 first; GB18030/Big5 and other legacy encodings are
detected with charset-normalizer (Chinese policy files often use them) and
accepted only when the result is clearly text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from index.errors import IngestFileError, PolicyChatError

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
MAX_FILE_BYTES = 20 * 1024 * 1024  # a policy text is far smaller; larger is likely a dump
# Front matter is a few keys; a longer block is a mistake (an unclosed block, or an attack).
MAX_FRONT_MATTER_CHARS = 16_384
MAX_FRONT_MATTER_LINES = 400


@dataclass
class RawDocument:
    path: Path
    text: str
    front_matter: dict = field(default_factory=dict)
    encoding: str = "utf-8"


def discover(paths: list[Path], follow_symlinks: bool = False) -> tuple[list[Path], list[IngestFileError]]:
    """Expand folders recursively; report paths that do not exist or are unsupported.

    Hidden files and folders are skipped. A symbolic link inside a folder is followed only when it
    stays inside that folder (a link to /etc/passwd in a shared folder was ingested and quoted back),
    unless ``follow_symlinks``; a path given by name is always read."""
    files: list[Path] = []
    problems: list[IngestFileError] = []
    for p in paths:
        if p.is_dir():
            for child in _walk(p, follow_symlinks, problems):
                if child.suffix.lower() in SUPPORTED:
                    files.append(child)
                else:
                    problems.append(_unsupported(child))
        elif p.is_file():
            if p.suffix.lower() in SUPPORTED:
                files.append(p)
            else:
                problems.append(_unsupported(p))
        else:
            problems.append(IngestFileError(str(p), "no such file or folder", "Check the path."))
    return files, problems


def _walk(folder: Path, follow_symlinks: bool, problems: list[IngestFileError]) -> list[Path]:
    root = folder.resolve()
    found: list[Path] = []
    seen_dirs: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=follow_symlinks):
        here = Path(dirpath)
        real = here.resolve()
        if real in seen_dirs:  # a link loop, or a folder reached twice through links
            dirnames.clear()
            continue
        seen_dirs.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in dirnames:
            if (here / name).is_symlink() and not follow_symlinks and not _inside(here / name, root):
                problems.append(_outside_link(here / name))
        for name in sorted(filenames):
            child = here / name
            if name.startswith(".") or not child.is_file():
                continue  # hidden, or a link to nothing
            if child.is_symlink() and not follow_symlinks and not _inside(child, root):
                problems.append(_outside_link(child))
                continue
            found.append(child)
    return sorted(found)


def _inside(link: Path, root: Path) -> bool:
    return link.resolve().is_relative_to(root)


def _outside_link(link: Path) -> IngestFileError:
    return IngestFileError(
        str(link),
        f"a symbolic link to {link.resolve()}, outside the folder given; not followed",
        "Copy the file into the folder, or pass --follow-symlinks to read it.",
    )


def check_rebuild_inputs(paths: list[Path], files: list[Path]) -> None:
    """A rebuild replaces the collection with what the paths hold: check them before touching it
    (``ingest --rebuild <mistyped path>`` deleted the collection, then found nothing to ingest)."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise PolicyChatError(
            f"Nothing was changed: {', '.join(missing)} does not exist.",
            "Check the path; --rebuild builds the collection from exactly the paths given.",
        )
    if not files:
        raise PolicyChatError(
            f"Nothing was changed: {', '.join(str(p) for p in paths)} holds no file to ingest.",
            "Give files or folders with .txt .md .html .pdf .docx.",
        )


def _unsupported(p: Path) -> IngestFileError:
    return IngestFileError(
        str(p),
        f"unsupported file type '{p.suffix or '(none)'}'",
        "Supported: .txt .md .html .pdf .docx.",
    )


def load(path: Path) -> RawDocument:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestFileError(str(path), f"cannot be read ({exc.strerror})") from exc
    if size == 0:
        raise IngestFileError(str(path), "the file is empty", "Remove it or give it text.")
    if size > MAX_FILE_BYTES:
        raise IngestFileError(
            str(path),
            f"the file is {size // 2**20} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit",
            "Split it into smaller files.",
        )
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return RawDocument(path, _read_pdf(path))
        if suffix == ".docx":
            return RawDocument(path, _read_docx(path))
        data = path.read_bytes()
    except IngestFileError:
        raise
    except OSError as exc:
        raise IngestFileError(str(path), f"cannot be read ({exc.strerror})") from exc
    text, encoding = decode(path, data)
    if suffix in HTML_SUFFIXES:
        return RawDocument(path, _html_to_text(text), encoding=encoding)
    body, meta = split_front_matter(path, text)
    return RawDocument(path, body, meta, encoding)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:8192]:
        raise IngestFileError(str(path), "this looks like a binary file, not text", "Give a text, PDF or DOCX file.")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "big5hkscs", "utf_16", "cp1252"]).best()
    if best is not None and best.encoding in {"gb18030", "big5", "big5hkscs", "utf_16"}:
        text = str(best)
        if _mostly_text(text):
            return text, best.encoding
    raise IngestFileError(
        str(path),
        "the file is not UTF-8 text and its encoding could not be recognised",
        "Convert it to UTF-8 (for example `iconv -f GBK -t UTF-8`).",
    )


def _mostly_text(text: str) -> bool:
    if not text.strip():
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t") or ch == "\ufffd")
    return bad / len(text) < 0.01


class FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader without aliases and without implicit timestamps.

    Aliases are refused: nine nested ones in a 382-byte title ("billion laughs") parse in
    milliseconds but expand to about 2.8 G characters when the title is turned into text, and the
    kernel killed the ingest at 22 GB. Front matter is a few keys of text; nothing needs an alias.
    Dates stay text, so an impossible one (2020-13-45) is reported by the document layer with the
    file's name instead of escaping from the YAML constructor as a bare ValueError."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"YAML aliases (*{event.anchor}) are not accepted", event.start_mark
            )
        return super().compose_node(parent, index)


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(path: Path, text: str) -> tuple[str, dict]:
    """YAML front matter between '---' lines; broken YAML is reported, not guessed."""
    if not text.startswith("---"):
        return text, {}
    lines = text.split("\n", MAX_FRONT_MATTER_LINES + 1)
    if lines[0].strip() != "---":
        return text, {}
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() in {"---", "..."}), None)
    if closing is None and len(lines) <= MAX_FRONT_MATTER_LINES + 1:
        raise IngestFileError(str(path), "its front matter has no closing '---' line", "Close the block with '---'.")
    head = "\n".join(lines[1:closing]) if closing is not None else ""
    if closing is None or closing > MAX_FRONT_MATTER_LINES or len(head) > MAX_FRONT_MATTER_CHARS:
        raise IngestFileError(
            str(path),
            f"its front matter is over {MAX_FRONT_MATTER_CHARS:,} characters or {MAX_FRONT_MATTER_LINES:,} lines",
            "Keep the block between the '---' lines to a few keys (title, date, source, issuer), and close it.",
        )
    try:
        meta = yaml.load(head, Loader=FrontMatterLoader) or {}  # FrontMatterLoader is a SafeLoader
    except (yaml.YAMLError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "nested too deeply"
        raise IngestFileError(
            str(path),
            f"its YAML front matter is broken ({reason})",
            "Fix the block between the '---' lines or remove it.",
        ) from exc
    if not isinstance(meta, dict):
        raise IngestFileError(
            str(path), "its front matter is not a mapping of keys to values", "Write it as 'key: value' lines."
        )
    return "\n".join(lines[closing + 1 :]), {str(k): v for k, v in meta.items()}


def _html_to_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript", "template"]):
        tag.decompose()
    return soup.get_text("\n")


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise IngestFileError(str(path), f"the PDF cannot be read ({exc})") from exc
    if not text.strip():
        raise IngestFileError(
            str(path), "the PDF has no text layer (scanned image?)", "Run OCR on it first (for example `ocrmypdf`)."
        )
    return text


def _read_docx(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestFileError(str(path), "the DOCX file cannot be opened (damaged or not a DOCX)") from exc
    return "\n".join(p.text for p in document.paragraphs)
