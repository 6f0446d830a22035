"""Answering (extractive or LLM, citations verified) and the two edges people touch: CLI and web."""

from app.answer import Answer, Citation
from app.assistant import Assistant

__all__ = ["Answer", "Assistant", "Citation"]
