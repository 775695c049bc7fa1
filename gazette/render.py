"""Turning templates and Markdown into bytes: the Jinja environment, the Markdown parser, and
writing a page only when its bytes changed.

Both the environment and the parser are made by functions and passed around (no module state).
The loader records which templates each template pulls in, so a page's template dependencies
are known for incremental builds (as Lektor records them where templates are loaded).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import meta
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .files import is_inside, write_atomic

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The templates folder of this checkout (``templates/`` beside the package)."""

UNKNOWN_TEMPLATE = "*"
"""Listed as a dependency when a template includes a name computed at run time: rebuild all."""


class RecordingLoader(jinja2.FileSystemLoader):
    """A file loader that remembers, for each template it loads, the templates it references
    (``extends``, ``include``, ``import``), so :meth:`dependencies` can list everything a page
    rendered from a template may load, even after Jinja has cached them."""

    def __init__(self, searchpath):
        super().__init__(searchpath)
        self.references: dict[str, frozenset[str]] = {}

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if not any(is_inside(filename, folder) for folder in self.searchpath):
            # a link out of the templates folder (issue 14, item 3) is not a template
            raise jinja2.TemplateNotFound(f"{template} (templates/{template} is a symbolic link that leads "
                                          "outside templates/; copy the file instead)")
        names = meta.find_referenced_templates(environment.parse(source, template, filename))
        self.references[template] = frozenset(UNKNOWN_TEMPLATE if n is None else n for n in names)
        return source, filename, uptodate

    def dependencies(self, environment: jinja2.Environment, name: str) -> tuple[str, ...]:
        """``name`` and every template it may load, sorted."""
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if current == UNKNOWN_TEMPLATE:
                continue
            if current not in self.references:
                environment.get_template(current)  # loads it, which records its references
            todo.extend(self.references[current])
        return tuple(sorted(seen))


def make_environment(templates: Path | None = None) -> jinja2.Environment:
    """Jinja environment for the site: HTML and XML autoescaped, undefined names are errors."""
    env = jinja2.Environment(
        loader=RecordingLoader(str(templates or TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def make_markdown() -> MarkdownIt:
    """CommonMark with raw HTML off: record bodies are text, never markup."""
    return MarkdownIt("commonmark", {"html": False})


def render_body(md: MarkdownIt, body: str, mentions: list[tuple[str, str]]) -> str:
    """Body Markdown → HTML, the first mention of each topic linked.

    ``mentions`` is a list of (text to find, href); several texts may share an href (a tag's
    matched text and its canonical name) and only the first of them met in reading order becomes
    a link. Links are added as tokens, so the text is escaped like any other and a mention is
    never linked inside a heading or an existing link."""
    tokens = md.parse(body)
    pending = dict(sorted(((text, href) for text, href in mentions if text),
                          key=lambda item: (-len(item[0]), item[0])))
    previous = None
    for token in tokens:
        if pending and token.type == "inline" and (previous is None or previous.type != "heading_open"):
            token.children = _link_first_mentions(token.children or [], pending)
        previous = token
    return md.renderer.render(tokens, md.options, {})


def _link_first_mentions(children: list[Token], pending: dict[str, str]) -> list[Token]:
    out: list[Token] = []
    depth = 0
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        if child.type != "text" or depth or not pending:
            out.append(child)
            continue
        text = child.content
        while pending:
            hits = [(text.find(needle), -len(needle), needle) for needle in pending]
            hits = [h for h in hits if h[0] >= 0]
            if not hits:
                break
            at, _, needle = min(hits)
            href = pending[needle]
            if at:
                out.append(_text(text[:at]))
            link = Token("link_open", "a", 1)
            link.attrs = {"href": href, "class": "mention"}
            out.extend([link, _text(needle), Token("link_close", "a", -1)])
            text = text[at + len(needle):]
            for other in [n for n, h in pending.items() if h == href]:
                del pending[other]
        if text:
            out.append(_text(text))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds exactly it. Returns whether it wrote. The file
    is replaced, never changed in place: it may be a hard link to the published site."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def render_to_bytes(env: jinja2.Environment, template: str, **context) -> bytes:
    return env.get_template(template).render(**context).encode("utf-8")


def render_page(env: jinja2.Environment, template: str, out_path: Path, **context) -> bool:
    """Render one template to ``out_path`` (written only if its bytes changed); returns whether
    it wrote. Pages extending ``base.html`` need ``root`` (the relative path from the page to the
    site root, e.g. ``""`` for ``search.html``) and ``config`` (the SiteConfig)."""
    return write_bytes_if_changed(out_path, render_to_bytes(env, template, **context))


def render_site(config, issues, articles, out_dir, **options):
    """The site entry point, kept here for callers that import it from this module; the page
    plans live in :mod:`gazette.site` (imported late: it builds on this module)."""
    from .site import render_site as plan_and_render

    return plan_and_render(config, issues, articles, out_dir, **options)
