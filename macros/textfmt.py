"""Escaping and French formatting helpers shared by the renderers."""
from __future__ import annotations

import html
import re
from datetime import date

from markupsafe import Markup

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|:<>&])")


def escape_md(value) -> str:
    """Make any data text inert in Markdown: no markup, no HTML, one line.

    HTML characters become entities and every Markdown-significant character is
    backslash-escaped, so data can never produce a link, an image, an attribute
    list, an abbreviation, a heading or a tag.
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = re.sub(r"[ \t\r\n\f\v]+", " ", str(value))  # keep no-break spaces
    text = _MD_SPECIAL.sub(lambda m: _replace(m.group(1)), text)
    # A paragraph must not start a list ("1. …", "- …").
    text = re.sub(r"^(\d+)\.", r"\1\\.", text)
    return "\\" + text if text.startswith("-") else text


def _replace(char: str) -> str:
    if char in "<>&":
        return html.escape(char)
    if char == ":":
        return "&#58;"  # no emoji/definition-list/abbreviation syntax can start
    return "\\" + char


def escape_html(value) -> str:
    return html.escape(str(value), quote=True)


def date_fr(value: date) -> str:
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def number_fr(value: int | float, cents: bool = False) -> str:
    """A number written the French way.

    Takes an int or float; returns text with a narrow no-break space (U+202F)
    between thousands and a decimal comma. A whole value has no decimals
    (« 10 339 »). Otherwise at most two decimals: as few as needed
    (« 40,4 », « 1,4 ») or, with ``cents=True`` (amounts in euros), always two
    (« 103,20 », never « 103,2 »).
    """
    if isinstance(value, float) and not round(value, 2).is_integer():
        text = f"{value:,.2f}"
        if not cents:
            text = text.rstrip("0")
        whole, frac = text.split(".")
        return whole.replace(",", "\u202f") + "," + frac
    return f"{round(value):,}".replace(",", "\u202f")
