"""The public answering API: ``Assistant(settings).ask(question, history) -> Answer``.

CLI, web and eval all call this and nothing below it.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace

import prompts
from app.answer import Answer, Citation
from app.answer_checks import checked
from app.appearances import appearances
from app.compound import with_further_parts
from app.cues import written_wording
from app.draft import Claim, Draft
from app.echo import echoes
from app.extractive import RULES_ONLY_KINDS, ExtractiveAnswerer
from app.question import Question, analyze
from app.scored.topic_document import several_documents, stays_in, within
from app.summary import summarised
from app.verify import verify
from app.yes_no import confirmed
from index.acronyms import spelt_out_acronyms
from index.errors import BadQuestionError, ConfigError, PolicyChatError
from index.fold import detect_script, mainland_wording, to_script
from index.search import Searcher, open_searcher
from index.settings import Settings

log = logging.getLogger("policy_chat")

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def clean_question(question: str, limit: int) -> str:
    if question is None or not str(question).strip():
        raise BadQuestionError("The question is empty.", "Type a question about the indexed texts.")
    text = unicodedata.normalize("NFC", _CONTROL.sub("", str(question))).strip()
    if len(text) > limit:
        raise BadQuestionError(
            f"The question is {len(text)} characters long; the limit is {limit}.",
            "Shorten it to the point you want answered.",
        )
    if not text:
        raise BadQuestionError("The question has no visible characters.", "Type a question about the indexed texts.")
    return text


def absent_note(words: tuple[str, ...], script: str) -> str:
    """With a refusal for missing words: which words of the question no text has (in the asker's
    script), so that the asker can reword them. Nothing when no such word weighs enough."""
    if not words:
        return ""
    shown = ", ".join(words) if script == "en" else "、".join(to_script(w, script) for w in words)
    return prompts.localized("refusal_absent", script, words=shown)


def clean_history(history: list[str] | None, settings: Settings) -> list[str]:
    """Earlier user turns under the same rule as a question: each within the length limit, and only
    the last ``max_history_turns`` kept (older turns cannot change what a follow-up refers to)."""
    kept = []
    for n, turn in enumerate(history or [], 1):
        if not isinstance(turn, str) or not turn.strip():
            continue
        text = _CONTROL.sub("", turn).strip()
        if len(text) > settings.max_question_chars:
            raise BadQuestionError(
                f"Earlier turn {n} is {len(text)} characters long; the limit is {settings.max_question_chars}.",
                "Start a new conversation, or shorten that turn.",
            )
        kept.append(unicodedata.normalize("NFC", text))
    return kept[-settings.max_history_turns :]


def resolve_context(question: Question, history: list[str]) -> Question | None:
    """The earlier question a follow-up refers to (rules; the LLM path may condense instead)."""
    if not history or not (question.follow_up or question.kind == "item" or len(question.terms) == 0):
        return None
    for earlier in reversed(history):
        candidate = analyze(earlier)
        if not candidate.follow_up or candidate.kind in {"list", "count"}:
            return candidate
    return analyze(history[-1])


def _english_note(claim: Claim) -> str:
    """For English readers: the people a Chinese quote names in pinyin (鄔賀銓 → Wu Hequan) and its
    dates in English (4月23日 → April 23, 2020)."""
    from index.english_names import english_date, pinyin_of
    from index.fold import fold

    folded = fold(claim.text)
    notes = [pinyin_of(n) for n in claim.passage.names if n in folded]
    notes += english_date(folded, claim.passage.date)
    return ", ".join(dict.fromkeys(notes))


class Assistant:
    """Answers questions over one collection. Cheap to create; the index is cached per process."""

    def __init__(self, settings: Settings | None = None, cascade: bool = True) -> None:
        self.settings = settings or Settings()
        self.cascade = cascade and self.settings.scored_fallback  # consult the scored answerer when the rules refuse
        self._llm = None
        if self.settings.llm != "extractive":
            from app.llm import parse_llm

            provider, _ = parse_llm(self.settings.llm)  # a typo fails now, not at the first question
            if provider == "openai" and not self.settings.llm_base_url:
                raise ConfigError(
                    "An OpenAI-compatible answerer needs a server URL.",
                    "Set --llm-base-url or POLICY_CHAT_LLM_BASE_URL (for example http://127.0.0.1:8000/v1).",
                )

    @property
    def llm(self):
        if self._llm is None:
            from app.llm import LLMAnswerer

            self._llm = LLMAnswerer(self.settings)
        return self._llm

    @property
    def searcher(self) -> Searcher:
        return open_searcher(self.settings)

    def warm_up(self) -> None:
        """Load everything a first question would (for servers, so no visitor pays for it)."""
        from app.terms import english_can_name_a_thing
        from index.acronyms import _acronym_expansions
        from index.crosslingual import _gloss_index

        _gloss_index()
        _acronym_expansions()  # CC-CEDICT's abbreviations, read once (1–2 s) for "the IT department"
        english_can_name_a_thing("formerly")  # LemmInflect's lexicon (0.2 s, once)
        for question in ("四項舉措是什麼？", "Who attended?", "Summarise this."):  # the last: the scored path
            self.ask(question)
        if self.settings.llm != "extractive":
            from app.llm_check import warm_up

            warm_up()

    def documents(self) -> list[dict]:
        return self.searcher.documents()

    def source_context(self, citation: Citation) -> tuple[str, str, str]:
        """(before, quote, after): the quote inside its paragraph of the cleaned document."""
        searcher = self.searcher
        info = searcher.manifest["docs"].get(citation.doc_id, {})
        doc = searcher.document_text(citation.doc_id, info.get("text_hash", "")) or ""
        if doc[citation.start : citation.end] != citation.text:
            return "", citation.text, ""
        para_start = doc.rfind("\n\n", 0, citation.start)
        para_start = 0 if para_start == -1 else para_start + 2
        para_end = doc.find("\n\n", citation.end)
        para_end = len(doc) if para_end == -1 else para_end
        return doc[para_start : citation.start], citation.text, doc[citation.end : para_end]

    def ask(
        self, question: str, history: list[str] | None = None, on_progress: Callable[[int], None] | None = None
    ) -> Answer:
        """Answer one question; ``on_progress(tokens)`` is called while an LLM generates."""
        t0 = time.perf_counter()
        text = clean_question(question, self.settings.max_question_chars)
        history = clean_history(history, self.settings)
        searcher = self.searcher
        wording = self._wording(text, searcher)
        history_wording = [self._wording(h, searcher) for h in history]
        # earlier turns go on as written: each is answered again in its own script (app/turn_memo.py)
        asked, history_for_rules = self._resolve_pronoun(wording, history, searcher)
        topic = self._topic_document(wording, history, searcher)
        q, context, standalone, result, draft, confident_no = self._draft(
            asked,
            [self._wording(h, searcher) for h in history_for_rules],
            searcher,
            wording,
            history_wording,
            topic,
            detect_script(text),
        )
        draft = self._enumerated(wording, history, searcher) or draft
        draft = appearances(asked, searcher) or draft  # "陈肇雄出席过哪几场会议": one per document
        draft = summarised(asked, draft, searcher)  # "概括一下那次座谈会": the answer's document, summed up
        if echoes(asked, draft, searcher):  # "管理办法具体规定了哪些内容" → "出台…管理办法。": no answer
            draft = Draft(abstained=True, kind=draft.kind)
        t1 = time.perf_counter()
        q = replace(q, script=detect_script(text))
        answer = self.compose(q, draft, searcher)
        if self.settings.llm != "extractive" and not confident_no:
            follow_up = context is not None or asked != wording
            answer = self._generate(q, text, history, follow_up, searcher, answer, on_progress)
        answer.question = text
        answer.standalone_question = standalone
        answer.timings = {
            **result.timings,
            "retrieve_ms": (t1 - t0) * 1e3,
            "answer_ms": (time.perf_counter() - t1) * 1e3,
        }
        answer.latency_ms = (time.perf_counter() - t0) * 1e3
        return answer

    @staticmethod
    def _wording(text: str, searcher: Searcher) -> str:
        """A question in the texts' wording (網路 → 网络), for analysis; it is answered in the asker's
        script. "the IT department": an abbreviation lower case would make a pronoun is written out."""
        return written_wording(mainland_wording(spelt_out_acronyms(text), searcher.uses_word))

    def _resolve_pronoun(
        self, text: str, history: list[str], searcher: Searcher, depth: int | None = None
    ) -> tuple[str, list[str]]:
        """ "他是什么职务？" after a question whose answer names 邬贺铨 becomes "邬贺铨是什么职务？";
        "下一项呢？" after item 2 becomes "第3项是什么？" (app/scored/conversation.py). What the
        earlier turn was about is read from the answer this assistant gave it (rules, then the scored
        answerer), the one the person saw. The rules then answer a question that stands alone."""
        from app.scored.conversation import MAX_DEPTH, standalone
        from app.scored.question import analyze as analyze_scored

        depth = MAX_DEPTH if depth is None else depth
        if not history or depth <= 0:
            return text, history
        q = analyze_scored(text)
        if not (q.pronoun or q.step):
            return text, history
        rewritten = standalone(q, self._context(history, searcher, depth))
        if rewritten.pronoun or rewritten.raw == q.raw:
            return text, history
        # an item keeps the earlier turns: they say which document's items are meant
        return rewritten.raw, (history if rewritten.ordinal is not None else [])

    def _enumerated(self, text: str, history: list[str], searcher: Searcher):
        """ "其中第三类是什么？" after an answer that lists things inline: that item (app/enumerated.py)."""
        from app.enumerated import enumerated_item
        from app.scored.conversation import MAX_DEPTH
        from app.scored.question import analyze as analyze_scored

        q = analyze_scored(text)
        if not history or q.ordinal is None:
            return None
        return enumerated_item(q, self._context(history, searcher, MAX_DEPTH))

    def _context(self, history: list[str], searcher: Searcher, depth: int):
        """The last turn, resolved against the turns before it, and the claims of its answer;
        remembered per collection version and conversation prefix (app/turn_memo.py)."""
        from app.turn_memo import CONTEXTS

        version = (searcher.manifest.get("generation"), searcher.manifest.get("chroma_collection"))
        key = (self.settings.model_dump_json(), version, self.cascade, tuple(history), depth)
        return CONTEXTS.get(key, lambda: self._answered_context(history, searcher, depth))

    def _answered_context(self, history: list[str], searcher: Searcher, depth: int):
        from app.scored.conversation import Context
        from app.scored.grounding import ground
        from app.scored.question import analyze as analyze_scored

        wording = self._wording(history[-1], searcher)
        earlier, earlier_history = self._resolve_pronoun(wording, history[:-1], searcher, depth - 1)
        topic = self._topic_document(wording, history[:-1], searcher, depth - 1)
        _q, _context, _standalone, _result, draft, _no = self._draft(
            earlier,
            [self._wording(h, searcher) for h in earlier_history],
            searcher,
            wording,
            [self._wording(h, searcher) for h in history[:-1]],
            topic,
            detect_script(history[-1]),
        )
        claims = [] if draft.abstained else draft.claims
        doc_id = claims[0].passage.doc_id if claims else None
        previous = analyze_scored(earlier)
        asked = [(t.alternatives, t.weight) for t in ground(previous, searcher) if t.present]
        return Context(previous, claims, draft.kind, draft.item, doc_id, asked)

    def _draft(
        self,
        asked: str,
        history: list[str],
        searcher: Searcher,
        original: str | None = None,
        original_history: list[str] | None = None,
        topic: str | None = None,
        script: str | None = None,
    ):
        """The rules' draft of a (resolved) question, and the scored answerer's where the rules
        refuse; ``original`` is the question as asked, which the scored answerer resolves itself.
        With ``topic``, the document the conversation is about, only its passages are read.
        ``script`` is the one the question was written in: ``original`` is in the texts' wording,
        Simplified for a Traditional question, and the scorer's thresholds are per written script."""
        original = asked if original is None else original
        original_history = history if original_history is None else original_history
        script = script or detect_script(original)
        q = replace(analyze(asked), script=script)
        context = resolve_context(q, history)
        standalone = f"{context.raw} {asked}" if context else asked
        result = searcher.search(standalone) if topic is None else within(standalone, topic, searcher)
        rules = ExtractiveAnswerer(searcher)
        draft = rules.draft(q, result.passages, context)
        draft = with_further_parts(
            draft, asked, lambda kind: rules.draft(replace(q, kind=kind), result.passages, context)
        )
        confident_no = draft.abstained and draft.missing_terms
        # a kind only the rules read (a notice's addressees) is not handed to a model that would
        # read "发给谁" as asking for a person
        if draft.abstained and not draft.notice_key and draft.kind not in RULES_ONLY_KINDS and self.cascade:
            scored, confident_no = self._scored(original, original_history, searcher, topic, script)
            draft = scored or draft
        draft = checked(asked, q, draft, searcher)  # "那21家企业是哪些": "…的21家企业" names none
        return q, context, standalone, result, draft, confident_no

    def _topic_document(
        self, text: str, history: list[str], searcher: Searcher, depth: int | None = None
    ) -> str | None:
        """The document the conversation is about, when the question stays in it
        (app/scored/topic_document.py): the one the last answer came from, as it was given (the
        earlier turns answered the same way, ``depth`` turns back at most)."""
        from app.scored.conversation import MAX_DEPTH

        depth = MAX_DEPTH if depth is None else depth
        if not history or depth <= 0 or not several_documents(searcher):
            return None
        doc_id = self._context(history, searcher, depth).doc_id
        return doc_id if stays_in(text, doc_id, searcher) else None

    @staticmethod
    def _scored(text: str, history: list[str], searcher: Searcher, topic: str | None = None, script: str | None = None):
        """The scored answerer's draft when the rules refused: used when its calibrated probability
        clears the cascade threshold fit on the dev split, or the language's threshold when only
        wording was missed (``Model.takes_over_refusal``). Also says whether it is confident that
        the texts cannot answer (then an LLM is not asked either)."""
        from app.scored import ScoredPipeline
        from app.scorer import load_model

        model = load_model()
        script = script or detect_script(text)
        floor = min(model.threshold(script), model.cascade_threshold())
        _sq, draft = ScoredPipeline(searcher).draft(text, history, floor, topic)
        if draft.notice_key:
            return draft, True
        taken = not draft.abstained and (
            draft.candidate is None
            or model.takes_over_refusal(draft.prob, draft.candidate.features, script, draft.candidate.kind)
        )
        return (draft if taken else None), draft.prob < model.llm_floor

    def compose(self, q: Question, draft: Draft, searcher: Searcher) -> Answer:
        script = q.script
        if draft.abstained:
            key = draft.notice_key or "refusal"
            notice = "" if draft.notice_key else absent_note(draft.absent, script)
            text = prompts.localized(key, script, **draft.notice_vars)
            return Answer(text=text, abstained=True, script=script, notice=notice)
        citations = [self._citation(i + 1, c) for i, c in enumerate(draft.claims)]
        texts = {c.passage.doc_id: c.passage.text_hash for c in draft.claims}
        kept = verify(citations, lambda doc_id: searcher.document_text(doc_id, texts.get(doc_id, "")))
        kept_keys = {(c.doc_id, c.start, c.end) for c in kept}
        pairs = [
            (claim, cit)
            for claim, cit in zip(draft.claims, citations, strict=True)
            if (cit.doc_id, cit.start, cit.end) in kept_keys
        ]
        if not pairs:
            return Answer(text=prompts.localized("refusal", script), abstained=True, script=script)
        numbered = [(claim, n + 1) for n, (claim, _) in enumerate(pairs)]
        notice = prompts.render("source_chinese.en.txt").strip() if script == "en" else ""
        text = self._render(q, draft, numbered)
        if confirmed(q, [claim for claim, _ in pairs], searcher):  # "Does it mention 5G?" → "Yes." first
            text = f"{prompts.localized('yes', script)} {text}"
        return Answer(text=text, citations=kept, script=script, notice=notice)

    def _generate(
        self,
        q: Question,
        text: str,
        history: list[str],
        context: Question | None,
        searcher: Searcher,
        fallback: Answer,
        on_progress: Callable[[int], None] | None,
    ) -> Answer:
        """The LLM's answer if every shown claim checks out; else the extractive one, with a note."""
        from app.llm_check import check_reply

        mode = f"llm:{self.settings.llm}"
        try:
            standalone = self.llm.condense(text, history) if context else text
            passages = searcher.search(standalone).passages[: self.settings.top_k]
            reply = self.llm.generate(standalone, q.script, passages, history, on_progress)
        except PolicyChatError as exc:
            log.warning("LLM fallback: %s", exc.message)
            return self._fallback(q, fallback, "unreachable")
        checked = check_reply(reply, passages)
        if checked.refused:
            return Answer(text=prompts.localized("refusal", q.script), abstained=True, script=q.script, mode=mode)
        claims = [Claim(c.quote, c.passage, c.start, c.end) for c in checked.claims]
        citations = [self._citation(i + 1, c) for i, c in enumerate(claims)]
        kept = verify(
            citations, lambda d: searcher.document_text(d, searcher.manifest["docs"].get(d, {}).get("text_hash", ""))
        )
        if not kept:
            log.info("LLM fallback: no claim of the reply matched its source")
            return self._fallback(q, fallback, "unverified")
        by_span = {(c.doc_id, c.start, c.end): c.n for c in kept}
        parts: list[str] = []
        for c in checked.claims:
            n = by_span.get((c.passage.doc_id, c.start, c.end))
            if n is None:
                continue
            if parts and parts[-1].startswith(c.text):
                parts[-1] += f" [{n}]"
            else:
                parts.append(f"{c.text} [{n}]")
        return Answer(text=" ".join(parts), citations=kept, script=q.script, mode=mode)

    @staticmethod
    def fallback_note(script: str, reason: str) -> str:
        """Why the model's reply was not shown ('unreachable' | 'unverified'), in the user's script;
        the technical detail goes to the log, not the chat."""
        why = prompts.localized(f"llm_reason_{reason}", script)
        return prompts.localized("llm_fallback", script, reason=why)

    @classmethod
    def _fallback(cls, q: Question, fallback: Answer, reason: str) -> Answer:
        notice = cls.fallback_note(q.script, reason)
        return fallback.model_copy(update={"notice": notice, "mode": "extractive-fallback"})

    @staticmethod
    def _citation(n: int, claim: Claim) -> Citation:
        p = claim.passage
        return Citation(
            n=n,
            doc_id=p.doc_id,
            title=p.title,
            date=p.date,
            section=p.section,
            start=claim.start,
            end=claim.end,
            text=claim.text,
        )

    @staticmethod
    def _render(q: Question, draft: Draft, numbered: list[tuple[Claim, int]]) -> str:
        script = q.script

        def show(text: str) -> str:
            # Only convert across scripts: s2t on text already Traditional would rewrite variants
            # such as a name's 杰 into 傑.
            return text if detect_script(text) == script else to_script(text, script)

        def quote(claim: Claim) -> str:
            if script != "en":
                return show(claim.text)
            note = _english_note(claim)  # the quote stays the source's Chinese; the notice says so
            return f"{note} — 「{claim.text}」" if note else f"「{claim.text}」"

        if draft.kind in {"list", "count"}:
            intro = prompts.localized("list_intro", script, intro="", count=len(numbered))
            sep = "; " if script == "en" else "；"
            end = "." if script == "en" else "。"
            return intro + " " + sep.join(f"{quote(c)} [{n}]" for c, n in numbered) + end
        body = " ".join(f"{quote(c)} [{n}]" for c, n in numbered)
        return body
