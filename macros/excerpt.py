"""Short excerpts of data text, for boxes that point to the full section.

Cutting happens only at a sentence or clause boundary outside parentheses, so
a ``[[montant:id]]`` placeholder or a bracketed remark is never split.
"""
from __future__ import annotations

SENTENCE_END = ".!?…"
MIN_SENTENCE = 60  # a script line says something: « Surtout, ne démissionnez pas. » runs on
MIN_CLAUSE = 20  # « Compte ameli ; … » is too short a channel to stand alone


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a quotation stays closed).

    Takes a data string, returns the text up to and including the first full
    stop, exclamation or question mark outside parentheses and brackets. When
    the text opens a French quotation « and the cut removes its closing », the
    excerpt closes it. Returns ``text`` stripped when no boundary is found.
    """
    return _cut(text.strip(), SENTENCE_END, keep=True, minimum=MIN_SENTENCE)


def first_clause(text: str) -> str:
    """The first clause of ``text``: up to the first « ; » or sentence end, outside parentheses.

    Used for channels (« Compte ameli ; 36 46 ; accueil de la CPAM » → « Compte ameli »).
    The boundary character itself is dropped.
    """
    return _cut(text.strip(), SENTENCE_END + ";", keep=False, minimum=MIN_CLAUSE).rstrip(" .")


def _cut(text: str, boundaries: str, keep: bool, minimum: int) -> str:
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in boundaries and depth == 0 and index >= minimum:
            following = text[index + 1:index + 2]
            if following and not following.isspace() and following != "»":
                continue  # « 36.46 », « ameli.fr »: not a boundary
            excerpt = text[:index + 1] if keep else text[:index].rstrip()
            if excerpt.count("«") > excerpt.count("»"):
                excerpt += "\u00a0»"
            return excerpt
    return text
