"""HTML for the web chat: every piece of document or user text passes through ``html.escape`` here.

Each answer carries its own sources (per-turn ids), so a marker in an old answer always opens
that answer's quotes; the page script (``web_assets``) shows them in the side panel on wide
screens and in place under the answer on narrow ones.
"""

from __future__ import annotations

import html
import re

from app.answer import Answer, Citation
from app.assistant import Assistant
from index.errors import PolicyChatError
from index.fold import detect_script, to_script

SCRIPTS = {"繁": "zh-Hant", "简": "zh-Hans"}
_MARKER = re.compile(r"\[(\d+)\]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def shown_in(answer: Answer, choice: str) -> str:
    """The answer in the chosen script (繁 / 简); quotes in the sources never change."""
    target = SCRIPTS.get(choice)
    if target is None or answer.script == "en" or detect_script(answer.text) == target:
        return answer.text
    return to_script(answer.text, target)


def _text_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def paragraph_number(document: str, start: int) -> int:
    """1-based paragraph (blank-line separated, as the cleaned text is) holding offset ``start``."""
    return len(_PARAGRAPH_BREAK.findall(document, 0, start)) + 1


def citation_paragraph(assistant: Assistant, citation: Citation) -> int | None:
    """Where the quote sits, in the reader's terms; None when the cleaned text is not at hand."""
    searcher = assistant.searcher
    info = searcher.manifest["docs"].get(citation.doc_id, {})
    document = searcher.document_text(citation.doc_id, info.get("text_hash", "")) or ""
    if document[citation.start : citation.end] != citation.text:
        return None
    return paragraph_number(document, citation.start)


def render_sources(assistant: Assistant, answer: Answer, turn_id: str, asked: str = "") -> str:
    """One block per citation: title, date, section, paragraph, and the quote marked in its paragraph.
    Headed by the question (shown in the side panel, where it says which answer the quotes belong to)."""
    short = asked.strip() if len(asked.strip()) <= 80 else asked.strip()[:80] + "…"
    parts = [f'<div class="pc-source-for">Sources of the answer to “{_text_html(short)}”</div>'] if short else []
    for c in answer.citations:
        try:
            before, quote, after = assistant.source_context(c)
            paragraph = citation_paragraph(assistant, c)
        except PolicyChatError:  # the document went away since the answer: show the quote alone
            before, quote, after, paragraph = "", c.text, "", None
        where = [c.title, c.date, c.section, f"paragraph {paragraph}" if paragraph else ""]
        meta = " · ".join(html.escape(x) for x in where if x)
        parts.append(
            f'<div class="pc-source" id="pc-{turn_id}-{c.n}" data-n="{c.n}">'
            f'<div class="pc-meta"><b>[{c.n}]</b> {meta}</div>'
            f'<div class="pc-quote">{_text_html(before)}<mark>{_text_html(quote)}</mark>{_text_html(after)}</div></div>'
        )
    return "".join(parts)


def render_answer(answer: Answer, script: str, turn_id: str = "t") -> str:
    """Escaped answer text; each [n] is a link to this turn's source n."""

    def marker(m: re.Match) -> str:
        n = m.group(1)
        return (
            f'<a class="pc-cite" href="#pc-{turn_id}-{n}" data-turn="{turn_id}" data-n="{n}" '
            f'aria-label="source {n}">[{n}]</a>'
        )

    body = _MARKER.sub(marker, _text_html(shown_in(answer, script)))
    kind = "pc-text pc-answer-abstained" if answer.abstained else "pc-text"
    out = f'<div class="{kind}">{body}</div>'
    if answer.notice:
        out += f'<div class="pc-notice">{html.escape(answer.notice)}</div>'
    return out


def render_turn(turn: dict, script: str) -> str:
    """The assistant's message for one turn: the answer and, folded under it, its own sources."""
    turn_id = turn["id"]
    if turn.get("error"):
        return (
            f'<div class="pc-turn" data-turn="{turn_id}"><div class="pc-error">{html.escape(turn["error"])}</div></div>'
        )
    answer = Answer.model_validate(turn["answer"])
    out = render_answer(answer, script, turn_id)
    if answer.citations:
        out += (
            f'<details class="pc-inline-sources"><summary>Sources ({len(answer.citations)})</summary>'
            f'<div class="pc-source-list" data-turn="{turn_id}">{turn.get("sources", "")}</div></details>'
        )
    return f'<div class="pc-turn" data-turn="{turn_id}">{out}</div>'


def render_panel(turn: dict | None) -> str:
    """The side panel: the sources of one answer (the latest, until a marker of another is clicked)."""
    if not turn or not turn.get("sources"):
        inner = '<p class="pc-meta pc-empty">The sources of an answer appear here: click a [n] marker.</p>'
    else:
        without_ids = re.sub(r' id="pc-\w+-\d+"', "", turn["sources"])  # the chat holds those ids
        inner = f'<div class="pc-source-list" data-turn="{turn["id"]}">{without_ids}</div>'
    return f'<div class="pc-panel">{inner}</div>'


def to_messages(turns: list[dict], script: str) -> list[dict]:
    """The chat's messages, derived from the turns: always one user and one assistant message each."""
    messages: list[dict] = []
    for turn in turns:
        messages.append({"role": "user", "content": _text_html(turn["asked"])})
        messages.append({"role": "assistant", "content": render_turn(turn, script)})
    return messages


def render_documents(assistant: Assistant) -> str:
    try:
        docs = assistant.documents()
    except PolicyChatError as exc:
        return f"<p>{html.escape(str(exc))}</p>"
    rows = "".join(
        f"<tr><td>{html.escape(str(d.get('title', '')))}</td><td>{html.escape(str(d.get('date', '')))}</td>"
        f"<td>{html.escape(d['doc_id'])}</td><td>{int(d.get('chunks', 0))}</td></tr>"
        for d in docs
    )
    return (
        '<table class="pc-docs"><thead><tr><th>Title</th><th>Date</th><th>Id</th><th>Chunks</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
