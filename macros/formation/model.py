"""The training model: parcours, modules, questions, case studies.

Same conventions as ``macros.schema``: unknown keys are errors, texts refuse HTML, titles are one line.
Rules spanning several files (references, weights, timings, replays) live in ``checks.py``.
The format is described for contributors in ``docs/contribuer/formation.md``.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, Discriminator, Field, PositiveInt, StrictBool, StrictInt, StrictStr, Tag, model_validator

from ..schema import TEMPLATE_RE, Id, Strict, Texte, TexteSimple

# Sections of a fiche a question may point to, as anchors of the fiche page (macros/templates/fiche.md.j2).
SECTIONS = ("en-bref", "reperer", "conditions", "montants", "demarches", "orienter", "vigilance")
SECTION_TITLES = {
    "en-bref": "En bref", "reperer": "Repérer la situation", "conditions": "Conditions", "montants": "Montants",
    "demarches": "Démarches", "orienter": "Orienter", "vigilance": "Points de vigilance",
}
# Moodle's allowed grades (question/format.php, get_grade_options), positive or negative; matched to 0.001.
MOODLE_WEIGHTS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                  14.28571, 12.5, 11.11111, 10, 5, 0)
QUESTION_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-q\d{2,}$")
CAS_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-cas-\d{2,}$")
PERSONA_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)?$")


def _no_template(value: str) -> str:
    if TEMPLATE_RE.search(value):
        raise ValueError("texte simple : ni {{ }}, ni {% %}")
    return value


def _pattern(regex: re.Pattern, what: str):
    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(f"{what} « {value} » invalide")
        return value
    return check


FTexte = Annotated[Texte, AfterValidator(_no_template)]
QuestionId = Annotated[StrictStr, AfterValidator(_pattern(QUESTION_ID_RE, "identifiant de question (<préfixe>-q01)"))]
CasId = Annotated[StrictStr, AfterValidator(_pattern(CAS_ID_RE, "identifiant de cas (<préfixe>-cas-01)"))]
Persona = Annotated[StrictStr, AfterValidator(_pattern(PERSONA_RE, "prénom (un prénom seul, sans nom)"))]
Section = Literal["en-bref", "reperer", "conditions", "montants", "demarches", "orienter", "vigilance"]


class Teste(Strict):
    """Where the answer lives: a fiche section or an arbre node, optionally the montant the text states."""

    fiche: Id | None = None
    section: Section | None = None
    arbre: Id | None = None
    noeud: Id | None = None
    montant: Id | None = None

    @model_validator(mode="after")
    def _one_target(self) -> "Teste":
        fiche = self.fiche is not None or self.section is not None
        arbre = self.arbre is not None or self.noeud is not None
        if fiche == arbre:
            raise ValueError("teste : indiquez soit { fiche, section }, soit { arbre, noeud }")
        if fiche and (self.fiche is None or self.section is None):
            raise ValueError("teste : fiche et section vont ensemble")
        if arbre and (self.arbre is None or self.noeud is None):
            raise ValueError("teste : arbre et noeud vont ensemble")
        return self


class ReponseUnique(Strict):
    texte: FTexte
    juste: StrictBool = False
    retour: FTexte


class ReponsePonderee(Strict):
    texte: FTexte
    poids: StrictInt | float
    retour: FTexte


class _QuestionBase(Strict):
    id: QuestionId
    enonce: FTexte
    teste: Teste


class ChoixUnique(_QuestionBase):
    type: Literal["choix-unique"]
    reponses: list[ReponseUnique]


class ChoixMultiple(_QuestionBase):
    type: Literal["choix-multiple"]
    reponses: list[ReponsePonderee]


class VraiFaux(_QuestionBase):
    type: Literal["vrai-faux"]
    solution: StrictBool
    retour_vrai: FTexte
    retour_faux: FTexte


QUESTION_TYPES = {"choix-unique": ChoixUnique, "choix-multiple": ChoixMultiple, "vrai-faux": VraiFaux}


def _question_kind(value) -> str | None:
    if isinstance(value, dict):
        kind = value.get("type")
        return kind if kind in QUESTION_TYPES else None
    return getattr(value, "type", None)


QuestionQuiz = Annotated[
    Union[Annotated[ChoixUnique, Tag("choix-unique")], Annotated[ChoixMultiple, Tag("choix-multiple")],
          Annotated[VraiFaux, Tag("vrai-faux")]],
    Discriminator(_question_kind, custom_error_type="type_question",
                  custom_error_message="type de question : choix-unique, choix-multiple ou vrai-faux"),
]


class Rejoue(Strict):
    """Replay of a real arbre: 0-based index of the choice taken at each question, from ``depart``."""

    arbre: Id
    reponses: list[Annotated[StrictInt, Field(ge=0)]] = Field(min_length=1)
    conclusion: Id


class Corrige(Strict):
    orientation: FTexte
    dire: FTexte
    transmettre: list[FTexte] = []
    erreurs_frequentes: list[FTexte] = Field(min_length=1)


class Cas(Strict):
    id: CasId
    persona: Persona
    situation: FTexte
    questions: list[FTexte] = Field(min_length=1)
    rejoue: Rejoue | None = None
    rejoue_aussi: list[Rejoue] = []  # optional: more arbres, e.g. the partner's one when played in pairs
    corrige: Corrige

    def rejoues(self) -> list[tuple[tuple, Rejoue]]:
        """Every replay with its location in the file."""
        first = [(("rejoue",), self.rejoue)] if self.rejoue else []
        return first + [(("rejoue_aussi", i), r) for i, r in enumerate(self.rejoue_aussi)]
    teste: list[Teste] = Field(min_length=1)


class Activite(Strict):
    titre: TexteSimple
    duree: PositiveInt  # minutes
    deroulement: FTexte


class Couvre(Strict):
    fiches: list[Id] = Field(min_length=1)
    arbres: list[Id] = []
    montants: list[Id] = []


class Module(Strict):
    id: Id | None = None
    titre: TexteSimple
    public: list[Id] = Field(min_length=1)
    duree: PositiveInt  # minutes, = sum of activites[].duree
    objectifs: list[TexteSimple] = Field(min_length=1)
    prerequis: list[TexteSimple] = Field(min_length=1)
    couvre: Couvre
    activites: list[Activite] = Field(min_length=1)
    notes_formateur: list[FTexte] = []
    questions: list[QuestionQuiz] = Field(min_length=1)
    cas: list[Cas] = Field(min_length=1)


SequenceType = Literal["accueil", "ouverture", "module", "pause", "evaluation", "bilan"]


class Sequence(Strict):
    """One line of a déroulé: a module (whole, or some of its activities) or a non-module item."""

    type: SequenceType = "module"
    module: Id | None = None
    activites: list[Annotated[StrictInt, Field(ge=0)]] | None = None  # indexes of the module's activities kept
    titre: TexteSimple | None = None
    duree: PositiveInt | None = None  # minutes; computed from the module when omitted
    contenu: FTexte | None = None

    @model_validator(mode="after")
    def _shape(self) -> "Sequence":
        if self.type == "module":
            if self.module is None:
                raise ValueError("séquence : indiquez module (identifiant) ou un type (accueil, ouverture, pause, evaluation, bilan)")
        else:
            if self.module is not None or self.activites is not None:
                raise ValueError(f"séquence de type « {self.type} » : ni module ni activites")
            if self.titre is None or self.duree is None:
                raise ValueError(f"séquence de type « {self.type} » : titre et duree sont obligatoires")
        return self


class Deroules(Strict):
    demi_journee: list[Sequence] = Field(min_length=1)  # 210 minutes
    journee: list[Sequence] = Field(min_length=1)  # 420 minutes


class ActiviteOuverture(Strict):
    titre: TexteSimple
    duree: PositiveInt
    consigne: FTexte


class QuestionEvaluation(Strict):
    texte: TexteSimple
    type: Literal["echelle", "texte"] = "echelle"


class Parcours(Strict):
    id: Id | None = None
    titre: TexteSimple
    public: list[Id] = Field(min_length=1)
    presentation: FTexte
    modules: list[Id] = Field(min_length=1)  # 4 to 6: checked with a clear message in checks.py
    activite_ouverture: ActiviteOuverture
    deroules: Deroules
    materiel: list[TexteSimple] = Field(min_length=1)
    evaluation: list[QuestionEvaluation] = Field(min_length=1)
