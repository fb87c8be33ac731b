"""Compare built sites page by page: the list of pages, each page's title and main headings.

Used by tests/test_engines.py to set the site built by MkDocs (the reference) beside
ProperDocs' and Zensical's. A page's outline is read with the standard library's
HTML parser: the <title>, and the h1/h2 headings of the article (the page content,
not the navigation).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

SKIPPED = {"404.html"}  # the engine's own error page


@dataclass
class Outline:
    title: str = ""
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, text)


class _OutlineParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self._in_title = False
        self._article_depth = 0  # > 0 inside <article>
        self._heading: str | None = None
        self._text: list[str] = []
        self._skip = 0  # inside an element whose text is not part of the heading (permalink, screen-reader hint)

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag == "article":
            self._article_depth += 1
        elif tag in ("h1", "h2") and self._article_depth:
            self._heading, self._text = tag, []
        elif self._heading and tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "article" and self._article_depth:
            self._article_depth -= 1
        elif tag == self._heading:
            self.outline.headings.append((tag, " ".join("".join(self._text).split())))
            self._heading = None
        elif tag == "a" and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._in_title:
            self.outline.title += data
        elif self._heading and not self._skip:
            self._text.append(data)


def outline(path: Path) -> Outline:
    parser = _OutlineParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.outline.title = " ".join(parser.outline.title.split())
    return parser.outline


def pages(site: Path) -> dict[str, Outline]:
    """Every HTML page of a built site (site-relative path → outline), assets and engine pages aside."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel in SKIPPED or rel.startswith("assets/"):
            continue
        found[rel] = outline(path)
    return found


def differences(reference: dict[str, Outline], other: dict[str, Outline]) -> list[str]:
    """What differs between two sites' pages, one line per difference (French), empty when alike."""
    lines = [f"page absente : {p}" for p in sorted(set(reference) - set(other))]
    lines += [f"page en plus : {p}" for p in sorted(set(other) - set(reference))]
    for page in sorted(set(reference) & set(other)):
        ref, oth = reference[page], other[page]
        if ref.title != oth.title:
            lines.append(f"{page} : titre « {oth.title} » au lieu de « {ref.title} »")
        if ref.headings != oth.headings:
            missing = [h for h in ref.headings if h not in oth.headings]
            extra = [h for h in oth.headings if h not in ref.headings]
            detail = "; ".join([f"manque {t} « {x} »" for t, x in missing] + [f"en plus {t} « {x} »" for t, x in extra])
            lines.append(f"{page} : titres de section différents ({detail or 'ordre'})")
    return lines
