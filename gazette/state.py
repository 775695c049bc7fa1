"""Build state: what an earlier build computed that the next one may reuse, kept under
``.gazette/`` in the project root (ignored by git). Only the pipeline reads and writes it.

It holds the related-articles keywords of each record, because extracting them with jieba is
half the time of a first build (issue 4). An entry is reused only while the record id, the hash
of the text the keywords were drawn from, the keyword recipe and the package version all match.
A missing, unreadable or outdated file is an empty cache: the build computes what it lacks
(when unsure, rebuild).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .frontmatter import write_if_changed
from .records import Article
from .related import KEYWORD_RECIPE, keyword_text

STATE_DIR = ".gazette"
KEYWORDS_FILE = "keywords.json"
FORMAT = 1
"""Layout of the state file; a file of another format is ignored."""


def package_version() -> str:
    try:
        return metadata.version("gazette")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class KeywordCache:
    """Record id → (hash of the keyword text, keywords), as the last build left them."""

    path: Path
    entries: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> "KeywordCache":
        path = Path(root) / STATE_DIR / KEYWORDS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict) or any(data.get(k) != v for k, v in _header().items()) \
                or not isinstance(data.get("records"), dict):
            return cls(path)
        entries = {}
        for record_id, entry in data["records"].items():
            if (isinstance(entry, dict) and isinstance(entry.get("hash"), str)
                    and isinstance(entry.get("keywords"), list) and all(isinstance(w, str) for w in entry["keywords"])):
                entries[record_id] = (entry["hash"], tuple(entry["keywords"]))
        return cls(path, entries)

    def valid(self, articles: list[Article]) -> dict[str, tuple[str, ...]]:
        """Keywords still right for ``articles``: same id, same text."""
        out = {}
        for article in articles:
            entry = self.entries.get(article.id)
            if entry is not None and entry[0] == text_hash(keyword_text(article)):
                out[article.id] = entry[1]
        return out

    def save(self, articles: list[Article], keywords: dict[str, tuple[str, ...]]) -> bool:
        """Keep the keywords of ``articles`` (those ``keywords`` has) and nothing else; returns
        whether the file changed. Deterministic: sorted keys, no clock."""
        records = {a.id: {"hash": text_hash(keyword_text(a)), "keywords": list(keywords[a.id])}
                   for a in articles if a.id in keywords}
        self.entries = {k: (v["hash"], tuple(v["keywords"])) for k, v in records.items()}
        text = json.dumps({**_header(), "records": records}, sort_keys=True, ensure_ascii=False,
                          separators=(",", ":")) + "\n"
        return write_if_changed(self.path, text)


def _header() -> dict[str, object]:
    """What else the keywords depend on: the file's layout, the package and the recipe."""
    return {"format": FORMAT, "gazette": package_version(), "recipe": KEYWORD_RECIPE}
