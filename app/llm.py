"""Generative answers through a configured LLM (llama-index integrations), never trusted blindly.

The model sees numbered sources delimited as data; its reply is checked by ``app.llm_check``
before anything is shown. Any failure (server down, wrong model, bad key, timeout, malformed
or unverifiable reply) becomes an ``LLMError`` and the caller falls back to the extractive answer.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import prompts
from index.errors import ConfigError, LLMError
from index.search import Passage
from index.settings import Settings

PROVIDERS = ("openai", "ollama")


def parse_llm(spec: str) -> tuple[str, str]:
    provider, _, model = spec.partition(":")
    if provider not in PROVIDERS or not model:
        raise ConfigError(
            f"'{spec}' is not a known answerer.",
            "Use 'extractive', 'openai:<model>' (with --llm-base-url) or 'ollama:<model>'.",
        )
    return provider, model


def make_llm(settings: Settings):
    provider, model = parse_llm(settings.llm)
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    if provider == "openai":
        from llama_index.llms.openai_like import OpenAILike

        if not settings.llm_base_url:
            raise ConfigError(
                "An OpenAI-compatible answerer needs a server URL.",
                "Set --llm-base-url or POLICY_CHAT_LLM_BASE_URL (for example http://127.0.0.1:8000/v1).",
            )
        return OpenAILike(
            model=model,
            api_base=settings.llm_base_url,
            api_key=key,
            is_chat_model=True,
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_retries,
            temperature=0.0,
            max_tokens=settings.llm_max_tokens,
            context_window=8192,
        )
    from llama_index.llms.ollama import Ollama

    return Ollama(
        model=model,
        base_url=settings.llm_base_url or "http://127.0.0.1:11434",
        request_timeout=settings.llm_timeout_s,
        temperature=0.0,
    )


def sources_block(passages: list[Passage]) -> str:
    blocks = []
    for n, p in enumerate(passages, 1):
        head = " · ".join(x for x in (p.title, p.date, p.section) if x)
        # Escaping '<' keeps a document from closing the tag and speaking as the prompt.
        blocks.append(f'<source n="{n}" title="{html.escape(head)}">\n{html.escape(p.text, quote=False)}\n</source>')
    return "\n".join(blocks)


class LLMAnswerer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.llm = make_llm(settings)
        self._secret = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None

    def _safe(self, exc: BaseException) -> str:
        text = f"{type(exc).__name__}: {exc}"
        if self._secret:
            text = text.replace(self._secret, "***")
        return text[:300]

    def _complete(self, prompt: str, on_token: Callable[[int], None] | None = None) -> str:
        from llama_index.core.llms import ChatMessage

        messages = [ChatMessage(role="user", content=prompt)]
        try:
            if on_token is None:
                reply = self.llm.chat(messages)
                return reply.message.content or ""
            text = ""
            for count, chunk in enumerate(self.llm.stream_chat(messages), 1):
                text = chunk.message.content or text
                on_token(count)
            return text
        except Exception as exc:
            raise LLMError(
                f"The model server did not answer ({self._safe(exc)}).", "Check --llm, --llm-base-url and the server."
            ) from exc

    def condense(self, question: str, history: list[str]) -> str:
        lines = "\n".join(f"Q: {h}" for h in history[-4:])
        reply = self._complete(prompts.render("condense.txt", history=lines, question=question)).strip()
        return reply.splitlines()[0][:500] if reply else question

    def generate(
        self,
        question: str,
        script: str,
        passages: list[Passage],
        history: list[str],
        on_token: Callable[[int], None] | None = None,
    ) -> str:
        earlier = "".join(f"Q: {h}\n" for h in history[-4:])
        prompt = prompts.render(
            f"answer.{script}.txt", sources=sources_block(passages), question=question, history=earlier
        )
        return self._complete(prompt, on_token)
