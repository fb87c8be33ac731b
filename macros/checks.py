"""Cross-file checks: references, vocabularies, trees, amounts, names, sources.

``check(dataset)`` returns every problem found; it never raises on bad data.
Used by the build (``site.py``) and by the tests alike.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from pydantic import BaseModel

from .dossier import SensitiveTerms, copied_texts
from .loader import Dataset
from .page_macros import call_problem
from .editions import PERSONAL_MESSAGE, personal_address
from .problems import Problem
from .schema import CIRCUIT_RE, LINK_RE, PLACEHOLDER_RE, Arbre, Conclusion, Question, TermeObsolete
from .thematiques import thematiques

MAX_QUESTIONS = 5
EURO_RE = re.compile(r"\d[\d\s\u00a0\u202f.,]*\s?(?:€|euros?\b|EUR\b)", re.IGNORECASE)
NOT_SCANNED = {"url"}  # fields that are addresses, not prose
NAMES_ALLOWED = {"mots_cles", "sources", "references"}  # search keywords; titles of documents cited as they are
REQUIRE_CIRCUITS = True  # every local channel is a [[circuit:…]]; free-text « à adapter localement » is refused
LOCAL_RE = re.compile(r"à (?:adapter|préciser) localement", re.IGNORECASE)  # free text instead of a circuit
# A fiche or arbre named in running text instead of a [[fiche:id]] / [[arbre:id]] link.
TEXT_REFERENCE_RE = re.compile(r"\b(?:l['’]arbre|la fiche)(?!\s*\[\[)(?=\s*(?:«|\w))(?!\s+de\s+paie)", re.IGNORECASE)
# A word that could be a fiche or arbre id written in clear: not part of a path, an address or a file name.
ID_TOKEN_RE = re.compile(r"(?<![\w/.-])[\w-]+(?![\w-]|\.[a-z])")
HISTORY_WINDOW = 40  # characters before an obsolete name where a marker makes it historical
# Sentences that announce a dated change: they need a machine-readable date in ``annonces``.
FUTURE_RE = re.compile(r"\bau plus tard (?:le|au|en|d'ici)\b|\bannoncée?s? pour\b|\bà paraître\b"
                       r"|\bentrer(?:a|ont) en vigueur\b|\bprévue?s? pour (?:le |l'|20\d\d)", re.IGNORECASE)
NOT_ANNOUNCING = {"annonces", "revision", "sources", "references", "mots_cles"}


# ---------------------------------------------------------------- text walking

def texts(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string of a model, with its location (field path), fields in their declared order."""
    for name, value in model.__dict__.items():  # a pydantic model's fields, without the attribute machinery
        if name in NOT_SCANNED:
            continue
        yield from _walk(value, loc + (name,))


def _walk(value, loc: tuple):
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        yield from texts(value, loc)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, loc + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, loc + (key,))


def field_name(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# ---------------------------------------------------------------- names

class _NameMatcher:
    """The obsolete names of a terminology, compiled once (not once per text and per term).

    The many texts that mention no name are rejected by one search of all names in the
    lower-cased text; only then is each name's own pattern run.
    """

    def __init__(self, termes: list[TermeObsolete], markers: list[str]):
        self.markers = [m.lower() for m in markers]
        self.patterns: list[tuple[str, re.Pattern, str]] = []
        for term in termes:
            for name in [term.obsolete, *term.variantes]:
                flags = 0 if name.isupper() else re.IGNORECASE
                self.patterns.append((name, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w])", flags), term.actuel))
        lowered = sorted({re.escape(name.lower()) for name, _, _ in self.patterns}, key=len, reverse=True)
        self.any_name = re.compile("|".join(lowered)) if lowered else None  # on lower-cased text: no IGNORECASE

    def mentions(self, text: str) -> Iterator[tuple[int, str, str]]:
        if self.any_name is None or not self.any_name.search(text.lower()):
            return
        for name, regex, current in self.patterns:
            for match in regex.finditer(text):
                before = text[max(0, match.start() - HISTORY_WINDOW):match.start()].lower()
                if not any(marker in before for marker in self.markers):
                    yield match.start(), name, current


_MATCHER: list = [None, None]  # [terminologie, its _NameMatcher]: the last one compiled


def _name_matcher(dataset: Dataset) -> _NameMatcher | None:
    """The compiled obsolete names of ``dataset.terminologie``, rebuilt only when the terminology changes."""
    terminologie = dataset.terminologie
    if terminologie is None:
        return None
    if _MATCHER[0] is not terminologie:
        _MATCHER[:] = [terminologie, _NameMatcher(terminologie.termes, terminologie.marqueurs_historiques)]
    return _MATCHER[1]


def obsolete_mentions(text: str, dataset: Dataset) -> Iterator[tuple[int, str, str]]:
    """(offset in characters, obsolete name, current name) for each mention of an old name in ``text``
    that no historical marker (« ex- », « anciennement »…, data/terminologie.yaml) precedes."""
    matcher = _name_matcher(dataset)
    if matcher is not None:
        yield from matcher.mentions(text)


# ---------------------------------------------------------------- helpers

def official(url: str, domains: list[str]) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def missing(dataset: Dataset, kind: str, key: str) -> bool:
    """Truly absent: an entity that exists but failed validation is reported once, by the loader."""
    table = {"fiche": dataset.fiches, "montant": dataset.montants}[kind]
    return key not in table and (kind, key) not in dataset.broken


class _Collector:
    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.problems: list[Problem] = []

    def add(self, kind: str, key: str, loc: tuple, message: str) -> None:
        origin = self.dataset.origin(kind, key)
        prefix = (key,) if kind in ("montant", "glossaire", "circuit") else ()
        self.problems.append(Problem(origin.path, origin.line(*loc), field_name(prefix + loc), message))


def _entities(dataset: Dataset) -> Iterator[tuple[str, str, BaseModel]]:
    for kind, table in (("fiche", dataset.fiches), ("arbre", dataset.arbres), ("montant", dataset.montants),
                        ("glossaire", dataset.glossaire), ("circuit", dataset.circuits)):
        for key, entity in table.items():
            yield kind, key, entity


def corpus(dataset: Dataset) -> list[tuple[str, str, tuple, str]]:
    """Every text of the dataset once, as (kind, id, field path, text): the checks share this one walk."""
    return [(kind, key, loc, text) for kind, key, entity in _entities(dataset) for loc, text in texts(entity)]


def _without_references(text: str) -> str:
    """``text`` without its [[montant:…]], [[fiche:…]], [[arbre:…]] and [[circuit:…]] references."""
    return CIRCUIT_RE.sub("", LINK_RE.sub("", PLACEHOLDER_RE.sub("", text))) if "[[" in text else text


# ---------------------------------------------------------------- checks

def _check_texts(dataset: Dataset, corpus_: list, out: _Collector) -> None:
    """References, typed amounts, free-text local channels and old names in every text of the data."""
    for kind, key, loc, text in corpus_:
        if "[[" in text:
            _check_references_in(dataset, kind, key, loc, text, out)
        stripped = _without_references(text)
        if "[[" in stripped:
            out.add(kind, key, loc, "« [[ » mal formé : écrivez [[montant:identifiant]], [[circuit:identifiant]], "
                    "[[fiche:identifiant]] ou [[arbre:identifiant]]")
        lowered = stripped.lower()
        if REQUIRE_CIRCUITS and "localement" in lowered and LOCAL_RE.search(stripped):
            out.add(kind, key, loc, "« à adapter localement » : nommez le circuit local, [[circuit:identifiant]] "
                    "(liste dans data/circuits.yaml), que chaque édition locale renseigne")
        typed = EURO_RE.search(stripped) if kind != "montant" and ("€" in lowered or "eur" in lowered) else None
        if typed:
            out.add(kind, key, loc, f"montant saisi en dur « {typed.group(0).strip()} » : "
                    "déclarez-le dans data/montants.yaml et écrivez [[montant:identifiant]]")
        if loc and loc[0] in NAMES_ALLOWED:
            continue
        for _, name, current in obsolete_mentions(text, dataset):
            out.add(kind, key, loc, f"ancien nom « {name} » : écrivez « {current} » "
                    "(ou marquez la mention historique : « ex-… », « anciennement … »)")


def _check_references_in(dataset: Dataset, kind: str, key: str, loc: tuple, text: str, out: _Collector) -> None:
    """Each [[montant:…]], [[fiche:…]], [[arbre:…]] and [[circuit:…]] of ``text`` names something that exists."""
    for ref in PLACEHOLDER_RE.findall(text):
        if ref not in dataset.montants:
            out.add(kind, key, loc, f"[[montant:{ref}]] : montant inconnu dans data/montants.yaml")
    for link_kind, ref in LINK_RE.findall(text):
        table = dataset.fiches if link_kind == "fiche" else dataset.arbres
        if kind not in ("fiche", "arbre"):
            out.add(kind, key, loc, f"[[{link_kind}:{ref}]] : un lien vers une page n'est permis que dans une fiche ou un arbre")
        elif ref not in table and (link_kind, ref) not in dataset.broken:
            out.add(kind, key, loc, f"[[{link_kind}:{ref}]] : {link_kind} introuvable (data/{link_kind}s/{ref}.yaml)")
    for ref in CIRCUIT_RE.findall(text):
        if ref not in dataset.circuits:
            out.add(kind, key, loc, f"[[circuit:{ref}]] : circuit inconnu de data/circuits.yaml ; "
                    f"permis : {', '.join(sorted(dataset.circuits))}")


def _check_vocabulary(dataset: Dataset, out: _Collector) -> None:
    vocab = dataset.vocabulaires
    if vocab is None:
        return
    for key, fiche in dataset.fiches.items():
        pairs = [(("institution",), fiche.institution, vocab.institutions, "institution"),
                 (("rubrique",), fiche.rubrique, vocab.rubriques, "rubrique"),
                 (("orienter", "vers"), fiche.orienter.vers, vocab.institutions, "institution")]
        pairs += [(("destinataires", i), v, vocab.destinataires, "destinataire") for i, v in enumerate(fiche.destinataires)]
        for loc, value, allowed, what in pairs:
            if value not in allowed:
                out.add("fiche", key, loc, f"{what} « {value} » inconnue de data/vocabulaires.yaml ; permises : {', '.join(allowed)}")
        for i, value in enumerate(fiche.thematiques):
            if value not in thematiques():
                close = difflib.get_close_matches(value, thematiques(), n=1)
                hint = f"vouliez-vous dire « {close[0]} » ? " if close else ""
                out.add("fiche", key, ("thematiques", i), f"thématique « {value} » inconnue du référentiel data·inclusion "
                        f"(paquet data-inclusion-schema) ; {hint}permises : {', '.join(sorted(thematiques()))}")
        if not any(official(s.url, vocab.domaines_officiels) for s in fiche.sources):
            out.add("fiche", key, ("sources",), "aucune source sur un domaine officiel (voir domaines_officiels dans data/vocabulaires.yaml)")
    for key, arbre in dataset.arbres.items():
        for i, value in enumerate(arbre.destinataires):
            if value not in vocab.destinataires:
                out.add("arbre", key, ("destinataires", i), f"destinataire « {value} » inconnu de data/vocabulaires.yaml")
    for key, rubrique in vocab.rubriques.items():
        if rubrique.institution not in vocab.institutions:
            origin = dataset.origin("vocabulaires", "")
            out.problems.append(Problem(origin.path, origin.line("rubriques", key, "institution"),
                                        f"rubriques.{key}.institution", f"institution « {rubrique.institution} » inconnue"))


def _check_references(dataset: Dataset, out: _Collector) -> None:
    for key, fiche in dataset.fiches.items():
        for i, ref in enumerate(fiche.montants):
            if missing(dataset, "montant", ref):
                out.add("fiche", key, ("montants", i), f"montant « {ref} » inconnu de data/montants.yaml")
        for i, ref in enumerate(fiche.voir_aussi):
            if ref == key:
                out.add("fiche", key, ("voir_aussi", i), "une fiche ne renvoie pas à elle-même")
            elif missing(dataset, "fiche", ref):
                out.add("fiche", key, ("voir_aussi", i), f"fiche « {ref} » introuvable (data/fiches/{ref}.yaml)")
    for key, terme in dataset.glossaire.items():
        if terme.fiche and missing(dataset, "fiche", terme.fiche):
            out.add("glossaire", key, ("fiche",), f"fiche « {terme.fiche} » introuvable (data/fiches/{terme.fiche}.yaml)")


def tree_problems(arbre: Arbre) -> list[tuple[tuple, str]]:
    """Structural defects of one tree, as (location, message)."""
    found: list[tuple[tuple, str]] = []
    nodes = arbre.noeuds
    if arbre.depart not in nodes:
        return [(("depart",), f"nœud de départ « {arbre.depart} » introuvable dans noeuds")]
    for node_id, node in nodes.items():
        if isinstance(node, Question):
            if len(node.choix) < 2:
                found.append((("noeuds", node_id, "choix"), "une question propose au moins deux choix"))
            for i, choice in enumerate(node.choix):
                if choice.suivant not in nodes:
                    found.append((("noeuds", node_id, "choix", i, "suivant"), f"nœud « {choice.suivant} » introuvable"))
                elif choice.suivant == node_id:
                    found.append((("noeuds", node_id, "choix", i, "suivant"), "un choix mène à sa propre question (cycle)"))
        elif isinstance(node, Conclusion):
            if not node.faire:
                found.append((("noeuds", node_id, "faire"), "une conclusion dit quoi faire (au moins une action)"))
            if not node.fiches:
                found.append((("noeuds", node_id, "fiches"), "une conclusion renvoie à au moins une fiche"))
    # Depth-first walk from the start: cycles, depth, reachability.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    depth: dict[str, int] = {}  # most questions from this node to a conclusion

    def visit(node_id: str, path: list[str]) -> int:
        if state.get(node_id) == 1:
            cycle = " → ".join(path[path.index(node_id):] + [node_id])
            found.append((("noeuds", node_id), f"cycle : {cycle}"))
            return 0
        if state.get(node_id) == 2:
            return depth[node_id]
        state[node_id] = 1
        node = nodes[node_id]
        best = 0
        if isinstance(node, Question):
            for choice in node.choix:
                if choice.suivant in nodes and choice.suivant != node_id:
                    best = max(best, visit(choice.suivant, path + [node_id]))
            best += 1
        state[node_id] = 2
        depth[node_id] = best
        return best

    longest = visit(arbre.depart, [])
    if longest > MAX_QUESTIONS:
        found.append((("depart",), f"{longest} questions au plus long entre le départ et une conclusion (maximum {MAX_QUESTIONS})"))
    for node_id in nodes:
        if node_id not in state:
            found.append((("noeuds", node_id), f"nœud « {node_id} » inatteignable depuis le départ « {arbre.depart} »"))
    return found


def _check_trees(dataset: Dataset, out: _Collector) -> None:
    for key, arbre in dataset.arbres.items():
        for loc, message in tree_problems(arbre):
            out.add("arbre", key, loc, message)
        for node_id, node in arbre.noeuds.items():
            if isinstance(node, Conclusion):
                for i, ref in enumerate(node.fiches):
                    if missing(dataset, "fiche", ref):
                        out.add("arbre", key, ("noeuds", node_id, "fiches", i), f"fiche « {ref} » introuvable (data/fiches/{ref}.yaml)")


def _check_tree_references(dataset: Dataset, corpus_: list, out: _Collector) -> None:
    """In a tree, another fiche or arbre is a titled link ([[fiche:id]], [[arbre:id]]), never plain text or an id."""
    ids = {i for i in (*dataset.fiches, *dataset.arbres) if "-" in i}
    for kind, key, loc, text in corpus_:
        if kind != "arbre" or loc[-1] in ("suivant", "depart", "fiches") or (len(loc) > 1 and loc[-2] == "fiches"):
            continue
        prose = _without_references(text)
        cited = CIRCUIT_RE.sub("", PLACEHOLDER_RE.sub("", text)) if "[[" in text else text
        match = TEXT_REFERENCE_RE.search(cited)
        if match:
            out.add("arbre", key, loc, f"« {match.group(0)} … » : citez la page par un lien, "
                    "[[fiche:identifiant]] ou [[arbre:identifiant]] (le site affiche son titre)")
        ref = next((t for t in ID_TOKEN_RE.findall(prose) if t in ids), None) if "-" in prose else None
        if ref:
            kinds = [k for k, table in (("fiche", dataset.fiches), ("arbre", dataset.arbres)) if ref in table]
            out.add("arbre", key, loc, f"identifiant « {ref} » écrit en clair : écrivez "
                    + " ou ".join(f"[[{k}:{ref}]]" for k in kinds) + " (le site affiche le titre, en lien)")


def _title(dataset: Dataset, kind: str, key: str) -> str:
    table = dataset.fiches if kind == "fiche" else dataset.arbres
    return table[key].titre if key in table else ""


def _circuit_text(dataset: Dataset, key: str, edition) -> str:
    """A circuit as a summary copies it (unknown circuits are reported elsewhere)."""
    circuit = dataset.circuits.get(key)
    if circuit is None:
        return ""
    local = edition.circuits.get(key) if edition else None
    return " ".join(p for p in (local.canal, local.telephone, local.courriel, local.url) if p) if local else circuit.national


def _check_case_file(dataset: Dataset, out: _Collector) -> None:
    """No text a « Résumé pour le dossier » may copy carries a sensitive term of data/dossier.yaml."""
    if dataset.dossier is None:
        return
    terms = SensitiveTerms(dataset.dossier)
    for key, arbre in dataset.arbres.items():
        for loc, text in copied_texts(arbre):
            titles = LINK_RE.sub(lambda m: _title(dataset, *m.groups()), text)
            # A circuit is copied as its national text, or as an edition's channel: check every variant.
            variants = [CIRCUIT_RE.sub(lambda m: _circuit_text(dataset, m.group(1), edition), titles)
                        for edition in [None, *dataset.editions.values()]]
            found = sorted({term for variant in variants for term in terms.found(variant)})
            if not found:
                continue
            listed = ", ".join(f"« {t} »" for t in found)
            if loc[-1] == "dossier":
                advice = "reformulez sans rien dire de la santé, de la détresse, d'une addiction ni du droit au séjour"
            elif loc == ("titre",):
                advice = "ajoutez à l'arbre « dossier: » avec un intitulé neutre"
            else:
                advice = "ajoutez à cette conclusion « dossier: » avec une formulation neutre de l'orientation"
            out.add("arbre", key, loc, f"terme sensible {listed} (data/dossier.yaml) dans un texte copié dans le "
                    f"résumé pour le dossier : {advice}")


def _check_montant_sources(dataset: Dataset, out: _Collector) -> None:
    """A montant rests on the official page or legal text that sets it; other sites only corroborate.

    Its first source, the one the site shows beside the figure, must be on an
    official domain (``domaines_officiels``), as must ``ou_verifier``.
    """
    if dataset.vocabulaires is None:
        return
    domains = dataset.vocabulaires.domaines_officiels
    for key, montant in dataset.montants.items():
        if not official(montant.sources[0].url, domains):
            better = next((s.url for s in montant.sources if official(s.url, domains)), None)
            hint = (f"placez en premier la source officielle ({better})" if better else
                    "ajoutez en premier la page officielle ou le texte légal qui fixe la valeur")
            out.add("montant", key, ("sources", 0, "url"),
                    f"source affichée « {urlparse(montant.sources[0].url).hostname} » hors des domaines officiels : "
                    f"{hint} ; les autres sites ne font que corroborer")
        if montant.ou_verifier and not official(montant.ou_verifier.url, domains):
            out.add("montant", key, ("ou_verifier", "url"), "ou_verifier renvoie à une page hors des domaines officiels")


# Words that say a unit again right after a [[montant:id]] (the site already writes the unit).
_EURO = r"€|euros?\b"
UNIT_ECHO = {
    "euros": _EURO,
    "euros-par-jour": rf"{_EURO}|par\s+jour\b|/\s*jour\b|journaliers?\b",
    "euros-par-mois": rf"{_EURO}|par\s+mois\b|/\s*mois\b|mensuel(?:le)?s?\b",
    "euros-par-an": rf"{_EURO}|par\s+an\b|/\s*an\b|annuel(?:le)?s?\b",
    "euros-par-heure": rf"{_EURO}|de\s+l'heure\b|par\s+heure\b|/\s*h\b",
    "pourcent": r"%|pour\s*cents?\b|pourcents?\b",
    "jours": r"jours?\b",
    "mois": r"mois\b",
    "ans": r"ans\b|années?\b",
    "heures": r"heures?\b|h\b",
    "smic": r"(?:fois\s+)?(?:le\s+)?smic\b",
}
UNIT_ECHO_RE = {unite: re.compile(rf"^\s*(?:{words})", re.IGNORECASE) for unite, words in UNIT_ECHO.items()}


def unit_echoes(text: str, dataset: Dataset) -> Iterator[tuple[str, str]]:
    """(montant id, repeated words) for each [[montant:id]] whose unit the following text says again.

    The site writes « 10 339 € par an » for [[montant:x]]; « [[montant:x]] par an »
    would read « 10 339 € par an (…) par an ».
    """
    for match in PLACEHOLDER_RE.finditer(text):
        montant = dataset.montants.get(match.group(1))
        if montant is None:
            continue
        echo = UNIT_ECHO_RE[montant.unite].match(text[match.end():])
        if echo:
            yield match.group(1), echo.group(0).strip()


def _check_unit_echoes(dataset: Dataset, corpus_: list, out: _Collector) -> None:
    for kind, key, loc, text in corpus_:
        if kind == "montant" or "[[montant:" not in text:
            continue
        for ref, words in unit_echoes(text, dataset):
            out.add(kind, key, loc, f"unité répétée : [[montant:{ref}]] s'affiche déjà avec son unité ; "
                    f"retirez « {words} » qui le suit")


def _check_editions(dataset: Dataset, out: _Collector) -> None:
    vocab = dataset.vocabulaires
    for key, circuit in dataset.circuits.items():
        if vocab and circuit.institution not in vocab.institutions:
            out.add("circuit", key, ("institution",), f"institution « {circuit.institution} » inconnue de data/vocabulaires.yaml")
    for key, edition in dataset.editions.items():
        for i, institution in enumerate(edition.institutions):
            if vocab and institution not in vocab.institutions:
                out.add("edition", key, ("institutions", i), f"institution « {institution} » inconnue de data/vocabulaires.yaml")
        if edition.signalement and personal_address(edition.signalement):
            out.add("edition", key, ("signalement",), PERSONAL_MESSAGE)
        for circuit_id, local in edition.circuits.items():
            if circuit_id not in dataset.circuits:
                out.add("edition", key, ("circuits", circuit_id),
                        f"circuit « {circuit_id} » inconnu ; circuits permis : {', '.join(sorted(dataset.circuits))}")
            if local.courriel and personal_address(local.courriel):
                out.add("edition", key, ("circuits", circuit_id, "courriel"), PERSONAL_MESSAGE)
            if local.a_revoir_avant <= local.verifie_le:
                out.add("edition", key, ("circuits", circuit_id, "a_revoir_avant"), "a_revoir_avant doit suivre verifie_le")


def announcement_place(kind: str, loc: tuple) -> str:
    """Where a text sits, as an ``annonces[].champ`` names it: the fiche field, or the arbre node id."""
    if kind == "arbre" and len(loc) > 1 and loc[0] == "noeuds":
        return str(loc[1])
    return str(loc[0])


_FUTURE_WORDS_RE = re.compile("au plus tard|annonc|paraître|en vigueur|prévu")  # every FUTURE_RE match has one


def _may_announce(text: str) -> bool:
    """False when ``text`` cannot match FUTURE_RE (a quick test before the regex)."""
    return _FUTURE_WORDS_RE.search(text.lower()) is not None


def _check_announcements(dataset: Dataset, corpus_: list, out: _Collector) -> None:
    """Dated announcements: each ``champ`` exists, and each announcing sentence has its ``annonces`` entry."""
    tables = {"fiche": dataset.fiches, "arbre": dataset.arbres}
    for kind, table in tables.items():
        for key, item in table.items():
            places = set(type(item).model_fields) if kind == "fiche" else {"intro", *item.noeuds}
            for i, annonce in enumerate(item.annonces):
                if annonce.champ not in places:
                    what = "champ de la fiche" if kind == "fiche" else "nœud de l'arbre (ou intro)"
                    out.add(kind, key, ("annonces", i, "champ"), f"« {annonce.champ} » n'est pas un {what}")
    for kind, key, loc, text in corpus_:
        if kind not in tables or loc[0] in NOT_ANNOUNCING:
            continue
        match = FUTURE_RE.search(text) if _may_announce(text) else None
        if match and announcement_place(kind, loc) not in {a.champ for a in tables[kind][key].annonces}:
            out.add(kind, key, loc, f"annonce « {match.group(0)} » sans date lisible par la machine : ajoutez "
                    f"une entrée annonces (texte, date, champ: {announcement_place(kind, loc)}), ou réécrivez "
                    "au présent si la date est passée")


def check(dataset: Dataset) -> list[Problem]:
    out = _Collector(dataset)
    texts_ = corpus(dataset)
    _check_announcements(dataset, texts_, out)
    _check_texts(dataset, texts_, out)
    _check_vocabulary(dataset, out)
    _check_references(dataset, out)
    _check_trees(dataset, out)
    _check_case_file(dataset, out)
    _check_tree_references(dataset, texts_, out)
    _check_montant_sources(dataset, out)
    _check_unit_echoes(dataset, texts_, out)
    _check_editions(dataset, out)
    out.problems += check_synonymes(dataset)
    from .formation.checks import check as check_formation  # training data: macros/formation/checks.py

    return out.problems + check_formation(dataset)


# ---------------------------------------------------------------- editorial pages

FENCE_RE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN_RE = re.compile(r"`[^`]*`")
MACRO_RE = re.compile(r"\{\{.*?\}\}")


def check_pages(docs_dir: Path, dataset: Dataset, root: Path) -> list[Problem]:
    """Macro calls, typed amounts and old names in hand-written Markdown (code excluded).

    Line numbers count from the first line of the file, front matter included.
    Pages whose front matter says ``render_macros: false`` are not checked for macros.
    """
    problems: list[Problem] = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        text = path.read_text(encoding="utf-8")
        macros_on = not re.search(r"^render_macros:\s*false\s*$", text.split("\n---", 1)[0], re.MULTILINE) \
            if text.startswith("---") else True
        in_fence = False
        for number, line in enumerate(text.splitlines(), start=1):
            if FENCE_RE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            if macros_on:
                for call in MACRO_RE.finditer(CODE_SPAN_RE.sub("", line)):
                    message = call_problem(dataset, call.group(0)[2:-2])
                    if message:
                        problems.append(Problem(shown, number, "macro", message))
            prose = MACRO_RE.sub("", CODE_SPAN_RE.sub("", line))
            prose = re.sub(r"\]\([^)]*\)", "]", prose)  # link targets are not prose
            match = EURO_RE.search(prose)
            if match:
                problems.append(Problem(shown, number, "texte", f"montant saisi en dur « {match.group(0).strip()} » : "
                                        "utilisez {{ montant('identifiant') }}"))
            for _, name, current in obsolete_mentions(prose, dataset):
                problems.append(Problem(shown, number, "texte", f"ancien nom « {name} » : écrivez « {current} » "
                                        "(ou marquez la mention historique : « ex-… », « anciennement … »)"))
            future = FUTURE_RE.search(prose)
            if future:
                problems.append(Problem(shown, number, "texte", f"annonce « {future.group(0)} » dans une page : une page "
                                        "n'a pas de date machine ; écrivez ce qui est en vigueur, avec sa date, ou placez "
                                        "l'annonce dans une fiche (champ annonces)"))
    return problems + check_synonymes(dataset, docs_dir)


# ---------------------------------------------------------------- search synonyms

def check_synonymes(dataset: Dataset, docs_dir: Path | None = None) -> list[Problem]:
    """Every fiche and arbre of data/synonymes.yaml exists; with ``docs_dir``, only its pages are checked."""
    problems: list[Problem] = []
    for words, entry in dataset.synonymes.items():
        origin = dataset.origin("synonyme", words)
        targets = [("pages", i, ref) for i, ref in enumerate(entry.pages)] if docs_dir is not None else (
            [("fiches", i, ref) for i, ref in enumerate(entry.fiches)] + [("arbres", i, ref) for i, ref in enumerate(entry.arbres)])
        for name, i, ref in targets:
            if name == "fiches":
                absent = missing(dataset, "fiche", ref)
            elif name == "arbres":
                absent = ref not in dataset.arbres and ("arbre", ref) not in dataset.broken
            else:
                absent = not (Path(docs_dir) / ref).is_file()
            if absent:
                where = {"fiches": f"data/fiches/{ref}.yaml", "arbres": f"data/arbres/{ref}.yaml", "pages": f"docs/{ref}"}[name]
                problems.append(Problem(origin.path, origin.line(name, i), f"{words}.{name}[{i}]",
                                        f"{name[:-1]} « {ref} » introuvable ({where})"))
    return problems
