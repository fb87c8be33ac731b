"""The content model: what a fiche, an arbre, a montant… may contain.

Strict by construction: unknown keys are errors (``extra="forbid"``), types are
not coerced, dates must be ISO ``YYYY-MM-DD``. Cross-file rules (references,
vocabularies, trees) live in ``checks.py``.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictStr,
    Tag,
    model_validator,
)

ID_RE = re.compile(r"^[a-z0-9]+(?:--?[a-z0-9]+)*$")
TAG_RE = re.compile(r"<\s*/?\s*[A-Za-z!?]")
TEMPLATE_RE = re.compile(r"\{\{|\{%|\{#")
PLACEHOLDER_RE = re.compile(r"\[\[montant:([^\]]*)\]\]")
CIRCUIT_RE = re.compile(r"\[\[circuit:([^\]]*)\]\]")
LINK_RE = re.compile(r"\[\[(fiche|arbre):([^\]]*)\]\]")  # a link to a fiche or arbre, shown with its title
ANY_PLACEHOLDER_RE = re.compile(r"\[\[(montant|circuit|fiche|arbre):([^\]]*)\]\]")


def _id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(
            f"identifiant « {value} » invalide : minuscules ASCII, chiffres et tirets (ex. aide-medicale-etat)"
        )
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("texte vide")
    if TAG_RE.search(value):
        raise ValueError("balise HTML interdite dans un texte : écrivez du texte simple")
    return value


def _plain(value: str) -> str:
    _text(value)
    if "<" in value or ">" in value:
        raise ValueError("les caractères < et > sont interdits dans ce champ")
    if TEMPLATE_RE.search(value) or "[[" in value:
        raise ValueError("ce champ est du texte simple : ni {{ }}, ni {% %}, ni [[montant:…]]")
    if "\n" in value.strip():
        raise ValueError("ce champ tient sur une ligne")
    return value.strip()


def _url(value: str) -> str:
    if not re.match(r"^https://[A-Za-z0-9.-]+\.[a-z]{2,}(/\S*)?$", value):
        raise ValueError(f"URL « {value} » invalide : une adresse https:// complète est attendue")
    return value


Id = Annotated[StrictStr, AfterValidator(_id)]
Texte = Annotated[StrictStr, AfterValidator(_text)]
TexteSimple = Annotated[StrictStr, AfterValidator(_plain)]
Url = Annotated[StrictStr, AfterValidator(_url)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Lien(Strict):
    titre: TexteSimple
    url: Url


class Source(Lien):
    consulte_le: date


Statut = Literal["a-valider", "valide"]


class Revision(Strict):
    mise_a_jour: date
    a_revoir_avant: date
    statut: Statut
    valide_par: TexteSimple | None = None
    # What the text was checked against, one line each: « LFSS 2026 : durée des arrêts — sans effet sur cette fiche ».
    verifie: list[TexteSimple] = []

    @model_validator(mode="after")
    def _coherent(self) -> "Revision":
        if self.a_revoir_avant <= self.mise_a_jour:
            raise ValueError("a_revoir_avant doit être postérieure à mise_a_jour")
        if self.statut == "valide" and not self.valide_par:
            raise ValueError("statut « valide » : indiquez valide_par (le référent qui a validé)")
        if self.statut == "a-valider" and self.valide_par:
            raise ValueError("valide_par n'a de sens qu'avec statut « valide »")
        return self


class Annonce(Strict):
    """A change the text announces, with the date after which the announcing sentence is stale.

    ``champ`` names where the sentence is: a fiche field (``conditions``, ``vigilance``…) or,
    in an arbre, a node id (or ``intro``). ``date`` is the announced date (entry into force,
    deadline); from that day on, ``make audit`` lists the announcement until the text is rewritten.
    """
    texte: TexteSimple
    date: date
    champ: TexteSimple


class Orienter(Strict):
    vers: Id
    canal: Texte
    dire: Texte | None = None
    transmettre: list[Texte] = []
    consentement: StrictBool
    ensuite: Texte | None = None


class Fiche(Strict):
    id: Id | None = None
    titre: TexteSimple
    institution: Id
    rubrique: Id
    destinataires: list[Id] = Field(min_length=1)
    thematiques: list[Id] = Field(min_length=1)
    en_bref: Texte
    reperer: list[Texte] = Field(min_length=1)
    conditions: list[Texte] = []
    montants: list[Id] = []
    demarches: list[Texte] = Field(min_length=1)
    orienter: Orienter
    vigilance: list[Texte] = []
    voir_aussi: list[Id] = []
    references: list[Lien] = []
    sources: list[Source] = Field(min_length=1)
    mots_cles: list[TexteSimple] = []
    referent: TexteSimple | None = None
    annonces: list[Annonce] = []
    revision: Revision


class Choix(Strict):
    reponse: TexteSimple
    suivant: Id
    # Neutral phrase copied into the case-file summary when this answer is given; None: nothing is copied.
    dossier: TexteSimple | None = None


class Question(Strict):
    question: TexteSimple
    aide: Texte | None = None
    choix: list[Choix]


class Conclusion(Strict):
    conclusion: TexteSimple
    dire: Texte
    faire: list[Texte]
    canal: Texte
    transmettre: list[Texte] = []
    fiches: list[Id]
    # Neutral orientation line for the case-file summary; replaces conclusion and canal there.
    dossier: TexteSimple | None = None


def _node_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        if "question" in value:
            return "question"
        if "conclusion" in value:
            return "conclusion"
    if isinstance(value, (Question, Conclusion)):
        return "question" if isinstance(value, Question) else "conclusion"
    return None


Noeud = Annotated[
    Union[Annotated[Question, Tag("question")], Annotated[Conclusion, Tag("conclusion")]],
    Discriminator(
        _node_kind,
        custom_error_type="noeud",
        custom_error_message="un nœud a soit « question » (et « choix »), soit « conclusion »",
    ),
]


class Arbre(Strict):
    id: Id | None = None
    titre: TexteSimple
    destinataires: list[Id] = Field(min_length=1)
    intro: Texte | None = None
    depart: Id
    noeuds: dict[Id, Noeud] = Field(min_length=1)
    dossier: TexteSimple | None = None  # neutral name of the situation in the case-file summary; default titre
    referent: TexteSimple | None = None
    annonces: list[Annonce] = []
    revision: Revision


Unite = Literal[
    "euros",
    "euros-par-jour",
    "euros-par-mois",
    "euros-par-an",
    "euros-par-heure",
    "pourcent",
    "jours",
    "mois",
    "ans",
    "heures",
    "smic",
]


DATE_INCONNUE = "inconnue"


class Valeur(Strict):
    """One step of a montant's history.

    ``depuis`` is the date d'effet (the day the rule or value took effect), or
    « inconnue » when the texts read do not give it: then no date is shown.
    """

    depuis: date | Literal["inconnue"]
    valeur: int | float
    note: TexteSimple | None = None

    @property
    def effet(self) -> date | None:
        """The date d'effet, or None when it is unknown."""
        return None if self.depuis == DATE_INCONNUE else self.depuis

    @property
    def ordre(self) -> date:
        """Sort key: an unknown date d'effet counts as the oldest."""
        return self.effet or date.min


class Revalorisation(Strict):
    rythme: TexteSimple
    prochaine: date | None = None


class OpenFiscaRef(Strict):
    parametre: Annotated[StrictStr, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")]
    facteur: int | float = 1
    ecart: Texte | None = None


class Montant(Strict):
    libelle: TexteSimple
    unite: Unite
    valeurs: list[Valeur] = Field(min_length=1)
    references: list[Lien] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    revalorisation: Revalorisation
    verifie_le: date
    openfisca: OpenFiscaRef | None = None
    ou_verifier: Lien | None = None  # where an adviser finds the current figure when ours may be out of date
    note: Texte | None = None

    @model_validator(mode="after")
    def _history(self) -> "Montant":
        if any(v.effet is None for v in self.valeurs[1:]):
            raise ValueError("valeurs : seule la plus ancienne valeur peut avoir « depuis: inconnue »")
        dates = [v.ordre for v in self.valeurs]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("valeurs : dates « depuis » strictement croissantes, de la plus ancienne à la plus récente")
        if self.revalorisation.prochaine and self.revalorisation.prochaine <= dates[-1]:
            raise ValueError("revalorisation.prochaine doit suivre la dernière date d'effet")
        return self


class Terme(Strict):
    terme: TexteSimple
    definition: Texte
    fiche: Id | None = None


class TermeObsolete(Strict):
    obsolete: TexteSimple
    actuel: TexteSimple
    depuis: date
    variantes: list[TexteSimple] = []
    source: Lien


class Terminologie(Strict):
    marqueurs_historiques: list[StrictStr] = Field(min_length=1)
    termes: list[TermeObsolete] = Field(min_length=1)


class Dossier(Strict):
    """data/dossier.yaml: what a case-file summary must never carry."""

    termes_sensibles: list[TexteSimple] = Field(min_length=1)
    expressions_neutres: list[TexteSimple] = []


class Libelle(Strict):
    libelle: TexteSimple


class Destinataire(Strict):
    libelle: TexteSimple
    court: TexteSimple | None = None  # short label for badges (« Conseillers France Travail »)
    institution: Id | None = None  # the reader's own institution: their door shows the other one first


class Institution(Strict):
    libelle: TexteSimple
    referent: TexteSimple


class Rubrique(Strict):
    libelle: TexteSimple
    institution: Id
    ordre: int


class Vocabulaires(Strict):
    destinataires: dict[Id, Destinataire] = Field(min_length=1)
    institutions: dict[Id, Institution] = Field(min_length=1)
    rubriques: dict[Id, Rubrique] = Field(min_length=1)
    domaines_officiels: list[Annotated[StrictStr, Field(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")]] = Field(min_length=1)


# ---------------------------------------------------------------- local circuits and editions

class Circuit(Strict):
    """A local orientation circuit the content refers to as [[circuit:id]] (data/circuits.yaml)."""

    libelle: TexteSimple
    institution: Id
    national: Texte  # what applies without a local edition: a channel usable today, never a placeholder


Telephone = Annotated[StrictStr, Field(pattern=r"^(?:0[1-9](?: ?[0-9]{2}){4}|[1-9][0-9]{3}|[1-9][0-9] [0-9]{2})$")]
Courriel = Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9._+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")]


class CircuitLocal(Strict):
    """How one territory runs a circuit: functional channels only, never a person's name."""

    canal: TexteSimple
    url: Url | None = None
    courriel: Courriel | None = None
    telephone: Telephone | None = None
    adresse: TexteSimple | None = None
    horaires: TexteSimple | None = None
    a_savoir: TexteSimple | None = None
    verifie_le: date
    a_revoir_avant: date


class Edition(Strict):
    """One territory's edition (data/editions/<id>.yaml), built with EDITION=<id>."""

    id: Id | None = None
    nom: TexteSimple
    exemple: StrictBool = False
    institutions: list[Id] = Field(min_length=1)
    proprietaire: TexteSimple  # the role that keeps the file and receives « Signaler une erreur »
    signalement: Courriel | None = None
    circuits: dict[Id, CircuitLocal] = {}


# ---------------------------------------------------------------- search synonyms (data/synonymes.yaml)

PagePath = Annotated[StrictStr, Field(pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)*\.md$")]


class Synonyme(Strict):
    """Where everyday words (the key of the entry) should lead in the site's search.

    ``pages`` are hand-written pages of docs/ (e.g. ``partenariat/misas.md``); fiches and
    arbres are named by their id. Used by the search index only, never shown as text.
    """

    fiches: list[Id] = []
    arbres: list[Id] = []
    pages: list[PagePath] = []

    @model_validator(mode="after")
    def _somewhere(self) -> "Synonyme":
        if not (self.fiches or self.arbres or self.pages):
            raise ValueError("indiquez au moins une fiche, un arbre ou une page (fiches, arbres, pages)")
        return self
