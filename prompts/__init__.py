"""Prompt and notice texts, one file each, rendered strictly.

``render(name, **vars)`` fails loudly (KeyError) when a ``$variable`` in the file
is not given, so a changed prompt can never silently lose its sources.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from string import Template


@lru_cache(maxsize=64)
def load(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def render(name: str, **variables: object) -> str:
    return Template(load(name)).substitute(**{k: str(v) for k, v in variables.items()})


def localized(stem: str, script: str, **variables: object) -> str:
    """``stem.<script>.txt`` for 'zh-Hant', 'zh-Hans' or 'en'."""
    return render(f"{stem}.{script}.txt", **variables).strip()
