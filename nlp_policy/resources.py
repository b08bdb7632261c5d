"""Access to the language data and documents shipped inside the package.

German is data here: trigger words, lexicons and synonym tables live in
``nlp_policy/data`` so that the code stays language-neutral. Files are read
once per process and cached.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

_DATA = "nlp_policy.data"

#: The article every command reads when no file is given.
BUNDLED_ARTICLE = "azure-openai-police-ban.machine-translated.de.txt"


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """Load a JSON data file from the package.

    name (str): file name inside ``nlp_policy/data``.
    RETURNS (Any): the parsed JSON; keys starting with ``_`` are comments.
    """
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def load_wordlist(name: str) -> frozenset[str]:
    """Load a one-entry-per-line list; ``#`` starts a comment line."""
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


def data_path(name: str) -> Path:
    """Filesystem path of a data file (for tools that need a real path)."""
    return Path(str(resources.files(_DATA).joinpath(name)))


def corpus_dir() -> Path:
    """Directory of the documents bundled with the package.

    An installed package carries them in ``nlp_policy/corpus``; a source
    checkout (or an editable install) has them in ``corpus/`` beside the package.
    """
    installed = Path(str(resources.files("nlp_policy"))) / "corpus"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "corpus"


def bundled_article() -> Path:
    """Path of the bundled article, the default document of every command."""
    return corpus_dir() / BUNDLED_ARTICLE
