"""A strict, independent reader of Moodle GIFT files, written from the project's GIFT reference (§10).

It reads like Moodle's importer (blocks split on blank lines, comment lines set aside, escapes replaced
before parsing, first ``{`` and last ``}``, last ``####`` as general feedback) and refuses, with an error,
everything that would make Moodle reject or silently corrupt the file with its default settings (§10.6):
a weight outside the allowed list, fewer than 2 answers, lowercase true/false, a ``->`` outside matching,
a line holding only ``0``, a category block holding anything else, an unescaped special character.
It shares no code with the exporter (macros/formation/gift.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

ALLOWED = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
           14.28571, 12.5, 11.11111, 10, 5, 0)
ESCAPES = {"\\\\": "\x00", "\\~": "\x01", "\\=": "\x02", "\\#": "\x03", "\\{": "\x04", "\\}": "\x05",
           "\\:": "\x06", "\\n": "\x07"}
BACK = {"\x00": "\\", "\x01": "~", "\x02": "=", "\x03": "#", "\x04": "{", "\x05": "}", "\x06": ":", "\x07": "\n"}
WEIGHT_RE = re.compile(r"^%(-?[0-9]+(?:\.[0-9]+)?)%")


class GiftError(ValueError):
    pass


@dataclass
class Answer:
    fraction: float  # percent: 100, 33.33333, -100…
    text: str
    feedback: str
    marked_right: bool  # written with "="


@dataclass
class GiftQuestion:
    category: str
    idnumber: str | None
    tags: list[str]
    name: str
    text: str
    kind: str  # "single" | "multiple" | "truefalse"
    answers: list[Answer] = field(default_factory=list)
    truth: bool | None = None
    feedback_wrong: str = ""
    feedback_right: str = ""
    general: str = ""


def _escape(text: str) -> str:
    out = re.sub(r"\\[\\~=#{}:n]", lambda m: ESCAPES[m.group(0)], text)
    if "\\" in out:
        raise GiftError(f"barre oblique inverse non reconnue dans : {text[:80]}")
    return out


def _unescape(text: str) -> str:
    return "".join(BACK.get(ch, ch) for ch in text)


def _segment(raw: str, where: str) -> str:
    """A text segment: must carry the [html] format tag; returns the unescaped text without it."""
    raw = raw.strip()
    if not raw.startswith("[html]"):
        raise GiftError(f"{where} : balise de format [html] attendue en tête : {raw[:60]!r}")
    return _unescape(raw[len("[html]"):]).strip()


def _allowed(weight: float) -> bool:
    return any(abs(abs(weight) - w) <= 0.001 for w in ALLOWED)


def _answers(body: str, where: str) -> list[Answer]:
    if "->" in _unescape(body):
        raise GiftError(f"{where} : « -> » ferait de la question un appariement")
    starts = [i for i, ch in enumerate(body) if ch in "=~"]
    if not starts or body[:starts[0]].strip():
        raise GiftError(f"{where} : texte avant la première réponse : {body[:60]!r}")
    out = []
    for start, end in zip(starts, starts[1:] + [len(body)]):
        marker, chunk = body[start], body[start + 1:end].strip()
        weight = None
        match = WEIGHT_RE.match(chunk)
        if match:
            if marker == "=":
                raise GiftError(f"{where} : un poids après « = » n'est pas lu comme un poids par Moodle")
            weight = float(match.group(1))
            chunk = chunk[match.end():]
        if chunk.count("#") > 1:
            raise GiftError(f"{where} : plus d'un « # » non échappé dans une réponse")
        text, _, feedback = chunk.partition("#")
        if not feedback.strip():
            raise GiftError(f"{where} : réponse sans explication")
        fraction = 100.0 if marker == "=" else (weight if weight is not None else 0.0)
        if not _allowed(fraction):
            raise GiftError(f"{where} : poids {fraction} hors de la liste de Moodle (fichier entier rejeté)")
        out.append(Answer(fraction, _segment(text, where), _segment(feedback, where), marker == "="))
    return out


def parse(content: str) -> list[GiftQuestion]:
    """Every question of a GIFT file, or GiftError at the first fault."""
    if "\r" in content:
        content = content.replace("\r\n", "\n")
    lines = content.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.strip() == "0":
            raise GiftError(f"ligne {number} : une ligne « 0 » coupe la question")
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    category = ""
    questions: list[GiftQuestion] = []
    for block in blocks:
        comments = [l.strip() for l in block if l.strip().startswith("//")]
        body = [l for l in block if not l.strip().startswith("//")]
        idnumber, tags = None, []
        for comment in comments:
            idnumber = (re.findall(r"\[id:([^\]]+)\]", comment) or [idnumber])[0]
            tags += re.findall(r"\[tag:([^\]]+)\]", comment)
        text = "\n".join(body).strip()
        if not text:
            continue
        if text.startswith("$CATEGORY:"):
            if "\n" in text:
                raise GiftError(f"catégorie suivie d'une question sans ligne vide : {text[:80]!r}")
            category = text[len("$CATEGORY:"):].strip()
            continue
        questions.append(_question(_escape(text), category, idnumber, tags))
    return questions


def _question(text: str, category: str, idnumber: str | None, tags: list[str]) -> GiftQuestion:
    if not text.startswith("::"):
        raise GiftError(f"question sans nom : {text[:60]!r}")
    end = text.find("::", 2)
    if end < 0:
        raise GiftError(f"nom de question non fermé : {text[:60]!r}")
    name = _unescape(text[2:end]).strip()
    rest = text[end + 2:]
    where = f"question « {name} »"
    if not category:
        raise GiftError(f"{where} : hors de toute catégorie")
    opening, closing = rest.find("{"), rest.rfind("}")
    if opening < 0 or closing < opening:
        raise GiftError(f"{where} : bloc de réponses introuvable")
    if rest[closing + 1:].strip():
        raise GiftError(f"{where} : texte après le bloc de réponses (question à trou)")
    question_text = _segment(rest[:opening], where)
    body = rest[opening + 1:closing]
    general = ""
    if "####" in body:
        cut = body.rfind("####")
        body, general = body[:cut], _segment(body[cut + 4:], where)
    question = GiftQuestion(category, idnumber, tags, name, question_text, "", general=general)
    head = body.strip().split("#", 1)[0].strip()
    if head.upper() in ("T", "TRUE", "F", "FALSE"):
        if head not in ("T", "TRUE", "F", "FALSE"):
            raise GiftError(f"{where} : vrai/faux en minuscules (lu comme réponse courte)")
        parts = body.strip().split("#")
        if len(parts) != 3:
            raise GiftError(f"{where} : vrai/faux : deux explications attendues")
        question.kind = "truefalse"
        question.truth = head in ("T", "TRUE")
        question.feedback_wrong, question.feedback_right = _segment(parts[1], where), _segment(parts[2], where)
        return question
    if "~" not in body:
        raise GiftError(f"{where} : ni vrai/faux ni choix multiple")
    question.answers = _answers(body.strip(), where)
    if len(question.answers) < 2:
        raise GiftError(f"{where} : au moins 2 réponses")
    if any(a.marked_right for a in question.answers):
        question.kind = "single"
        if max(a.fraction for a in question.answers) != 100:
            raise GiftError(f"{where} : la meilleure réponse doit valoir 100 %")
    else:
        question.kind = "multiple"
        positive = sum(a.fraction for a in question.answers if a.fraction > 0)
        if abs(positive - 100) > 0.01:
            raise GiftError(f"{where} : poids positifs {positive} au lieu de 100")
    return question
