"""Read a file into text plus front-matter metadata, through well-kept libraries.

Text files are decoded as UTF-8 first; GB18030/Big5 and other legacy encodings are
detected with charset-normalizer (Chinese policy files often use them) and
accepted only when the result is clearly text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from index.errors import IngestFileError

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
MAX_FILE_BYTES = 20 * 1024 * 1024  # a policy text is far smaller; larger is likely a dump


@dataclass
class RawDocument:
    path: Path
    text: str
    front_matter: dict = field(default_factory=dict)
    encoding: str = "utf-8"


def discover(paths: list[Path]) -> tuple[list[Path], list[IngestFileError]]:
    """Expand folders recursively; report paths that do not exist or are unsupported."""
    files: list[Path] = []
    problems: list[IngestFileError] = []
    for p in paths:
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
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


def split_front_matter(path: Path, text: str) -> tuple[str, dict]:
    """YAML front matter between '---' lines; broken YAML is reported, not guessed."""
    if not text.startswith("---"):
        return text, {}
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return text, {}
    for i in range(1, len(lines)):
        if lines[i].strip() in {"---", "..."}:
            head = "\n".join(lines[1:i])
            try:
                meta = yaml.safe_load(head) or {}
            except yaml.YAMLError as exc:
                raise IngestFileError(
                    str(path),
                    f"its YAML front matter is broken ({str(exc).splitlines()[0]})",
                    "Fix the block between the '---' lines or remove it.",
                ) from exc
            if not isinstance(meta, dict):
                raise IngestFileError(
                    str(path), "its front matter is not a mapping of keys to values", "Write it as 'key: value' lines."
                )
            return "\n".join(lines[i + 1 :]), {str(k): v for k, v in meta.items()}
    raise IngestFileError(str(path), "its front matter has no closing '---' line", "Close the block with '---'.")


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
