"""The chat page (Gradio 6 Blocks): a thin edge over ``Assistant``.

The conversation lives in one state, ``turns`` (a list of dicts: id, asked, answer or error,
sources, vote, comment); the chat's messages are always derived from it, two per turn. So the
history sent with a question is exactly the earlier questions (what ``POST /api/ask`` takes),
a message's index names its turn for feedback, and the script switch re-renders every answer.
"""

from __future__ import annotations

import html
import logging
import threading
import uuid
from collections.abc import Callable

import gradio as gr

from app.answer import Answer
from app.assistant import Assistant
from app.feedback import feedback_path, record
from app.text_input import check_encodable
from app.web_docs import documents_section
from app.web_limits import clean_history
from app.web_render import render_panel, render_sources, shown_in, to_messages
from app.web_settings import WebSettings
from index.errors import PolicyChatError

log = logging.getLogger("policy_chat.web")

EXAMPLES = [
    "哪位中國工程院院士參加了會議？",
    "工信部推动工业互联网的四项举措是什么？",
    "What are the four measures?",
    "這項政策的財政預算是多少？",
]


class Cancelled(Exception):
    """The user left or stopped: generation stops at its next token."""


class AnswerJob:
    """One answer computed off the event loop, so LLM progress can stream to the page."""

    def __init__(self, assistant: Assistant, question: str, history: list[str]) -> None:
        self.tokens = 0
        self.answer: Answer | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        self.cancelled = threading.Event()
        threading.Thread(target=self._run, args=(assistant, question, history), daemon=True).start()

    def _run(self, assistant: Assistant, question: str, history: list[str]) -> None:
        try:
            self.answer = assistant.ask(check_encodable(question), history, on_progress=self._tick)
        except BaseException as exc:  # one failed turn is reported to its user and never stops the server
            self.error = exc
            if not isinstance(exc, PolicyChatError | Cancelled):
                log.error("page question failed: %s", question[:200], exc_info=exc)
        finally:
            self.done.set()

    def _tick(self, n: int) -> None:
        if self.cancelled.is_set():
            raise Cancelled()
        self.tokens = n


def asked_before(turns: list[dict], limit: int) -> list[str]:
    """The history of the next question: the earlier answered questions, as typed, latest ``limit``."""
    return [t["asked"] for t in turns if t.get("answer")][-limit:]


def _short(text: str, limit: int = 300) -> str:
    """A question as the chat shows it back: at most ``limit`` characters, anything not text as '?'."""
    text = text.strip().encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[:limit] + "…"


def build(assistant: Assistant, web: WebSettings, may_edit: Callable[[str | None], bool] | None) -> gr.Blocks:
    """``may_edit(username)`` says who may add and remove documents; None = nobody (read-only page)."""
    limit = assistant.settings.max_question_chars
    with gr.Blocks(title="policy-chat") as demo:
        turns = gr.State([])
        rated = gr.State("")  # id of the turn the comment box belongs to (the one last rated)
        gr.Markdown(
            "## policy-chat\nAsk about the indexed policy texts in 繁體、简体 or English. "
            "Every quote is the source's own text: click a [n] marker to see it in its paragraph."
        )
        with gr.Row():
            with gr.Column(scale=3, min_width=320):
                chat = gr.Chatbot(
                    label="Chat",
                    height=460,
                    sanitize_html=True,
                    render_markdown=False,
                    elem_id="pc-chat",
                    buttons=["copy", "copy_all"],
                )
                with gr.Row(equal_height=True):
                    comment = gr.Textbox(
                        label="Comment on the answer you rated (Enter saves it with your vote)",
                        lines=1,
                        max_lines=3,
                        scale=3,
                        elem_id="pc-comment",
                    )
                    status = gr.HTML("", elem_id="pc-feedback-status")
                box = gr.Textbox(
                    label="Question",
                    placeholder="例如：哪位中國工程院院士參加了會議？",
                    info="Enter sends; Shift+Enter starts a new line.",
                    lines=1,
                    max_lines=8,
                    elem_id="pc-question",
                    autofocus=True,
                )
                gr.HTML(
                    f'<span class="pc-counter" data-limit="{limit}">0 / {limit} characters</span>', elem_id="pc-count"
                )
                with gr.Row():
                    send = gr.Button("Ask", variant="primary", elem_id="pc-send")
                    new = gr.Button("New conversation", elem_id="pc-new")
                    script = gr.Radio(["auto", "繁", "简"], value="auto", label="Answer script", elem_id="pc-script")
                gr.Examples(EXAMPLES, inputs=box, label="Examples")
            with gr.Column(scale=2, min_width=320, elem_id="pc-side"):
                gr.Markdown("### Sources")
                sources = gr.HTML(render_panel(None), elem_id="pc-sources")
        on_load = documents_section(assistant, web, may_edit)
        if on_load is not None:
            demo.load(on_load[0], None, on_load[1])

        def respond(question: str, kept: list, chosen: str):
            kept = list(kept or [])
            question = question or ""
            job = AnswerJob(assistant, question, asked_before(kept, web.max_history_turns))
            turn_id = uuid.uuid4().hex[:12]
            try:
                while not job.done.wait(0.25):
                    if job.tokens:
                        pending = [
                            *to_messages(kept, chosen),
                            {"role": "user", "content": html.escape(question)},
                            {
                                "role": "assistant",
                                "content": f"<em>generating… {job.tokens} tokens; "
                                "citations are checked before anything is shown</em>",
                            },
                        ]
                        yield pending, kept, gr.update(), gr.update()
            finally:
                job.cancelled.set()  # the page went away (or the answer is in): stop generating
            if job.error is not None:  # a short message in the chat; the question stays in the box
                if isinstance(job.error, PolicyChatError):
                    message = str(job.error)
                else:
                    message = f"Something went wrong answering this question ({type(job.error).__name__}). Try again."
                kept.append({"id": turn_id, "asked": _short(question) or "…", "error": message})
                yield to_messages(kept, chosen), kept, gr.update(), gr.update()
                return
            answer = job.answer
            turn = {
                "id": turn_id,
                "asked": question,
                "answer": answer.model_dump(),
                "sources": render_sources(assistant, answer, turn_id, question),
                "vote": None,
                "comment": "",
            }
            messages = to_messages(kept, chosen)
            messages.append({"role": "user", "content": html.escape(question).replace("\n", "<br>")})
            text = shown_in(answer, chosen)
            step = max(1, len(text) // 4)
            for i in range(step, len(text), step):  # stream plain escaped text, then the linked version
                yield [*messages, {"role": "assistant", "content": html.escape(text[:i])}], kept, gr.update(), ""
            kept.append(turn)
            panel = render_panel(turn) if answer.citations else gr.update()  # a refusal keeps the last sources
            yield to_messages(kept, chosen), kept, panel, ""

        def clear():
            return [], [], render_panel(None), "", "", ""

        def save_vote(kept: list, turn_index: int, rating: str | None, note: str) -> str:
            turn = kept[turn_index]
            answer = Answer.model_validate(turn["answer"])
            history = asked_before(kept[:turn_index], web.max_history_turns)
            record(assistant.settings, answer, history, rating, note, answer_id=turn["id"])
            turn["vote"], turn["comment"] = rating, note
            where = feedback_path(assistant.settings)
            what = f"vote “{rating}”" if rating else "vote withdrawn"
            if note:
                what += " with your comment"
            question = html.escape(_short(turn["asked"], 40))
            collection = html.escape(assistant.settings.collection)
            return (
                f"Saved: {what} on answer {turn_index + 1} (“{question}”), "
                f"in <code>{html.escape(where.name)}</code> of collection <code>{collection}</code>."
            )

        def feedback(kept: list, note: str, data: gr.LikeData):
            index = data.index if isinstance(data.index, int) else data.index[0]
            turn_index = index // 2
            kept = list(kept or [])
            if not (0 <= turn_index < len(kept)) or not kept[turn_index].get("answer"):
                return kept, "", "<p>Only answers can be rated.</p>"
            rating = {True: "up", False: "down"}.get(data.liked) if isinstance(data.liked, bool) else None
            try:
                return kept, kept[turn_index]["id"], save_vote(kept, turn_index, rating, (note or "").strip())
            except OSError as exc:
                log.error("feedback could not be stored", exc_info=exc)
                return (
                    kept,
                    "",
                    f"The vote could not be stored ({html.escape(type(exc).__name__)}); the server log has why.",
                )

        def comment_changed(kept: list, target: str, note: str):
            kept = list(kept or [])
            note = (note or "").strip()
            index = next((i for i, t in enumerate(kept) if t["id"] == target), None)
            if index is None or not kept[index].get("vote"):  # nothing rated yet: the vote will take the comment
                return kept, gr.update()
            if note == kept[index].get("comment", ""):
                return kept, gr.update()
            return kept, save_vote(kept, index, kept[index]["vote"], note)

        def ask(question: str, history: list[str] | None = None) -> dict:
            """Answer a question about the indexed texts: {answer, abstained, citations, latency_ms}."""
            try:
                clean = clean_history(history, assistant.settings, web)
                return assistant.ask(check_encodable(question or ""), clean).public()
            except PolicyChatError as exc:  # a bad question: a message for the caller, a line in the log
                log.info("refused on /gradio_api ask: %s", exc)
                raise gr.Error(str(exc), print_exception=False) from None

        gr.api(ask, api_name="ask", concurrency_limit=4)

        ask_inputs, ask_outputs = [box, turns, script], [chat, turns, sources, box]
        box.submit(respond, ask_inputs, ask_outputs, concurrency_limit=4)
        send.click(respond, ask_inputs, ask_outputs, concurrency_limit=4)
        cleared = [chat, turns, sources, comment, status, rated]
        new.click(clear, None, cleared)
        chat.clear(clear, None, cleared)
        chat.like(feedback, [turns, comment], [turns, rated, status])
        comment.submit(comment_changed, [turns, rated, comment], [turns, status])
        comment.blur(comment_changed, [turns, rated, comment], [turns, status])
        script.change(lambda kept, chosen: to_messages(list(kept or []), chosen), [turns, script], [chat])
    return demo
