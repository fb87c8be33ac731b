"""Cross-file rules of the training data. ``check(dataset)`` returns problems, never raises.

Each rule has a failing case in ``tests/bad_inputs/`` (names in comments).
"""
from __future__ import annotations

from ..checks import EURO_RE, _Collector, obsolete_mentions, texts
from ..problems import Problem
from ..schema import PLACEHOLDER_RE, TEMPLATE_RE, Conclusion, Question
from . import model

MIN_MODULES, MAX_MODULES = 4, 6
MIN_QUESTIONS = 8  # issue 8; the content format asks for 10
MIN_CAS = 2
MIN_ANSWERS = 3  # Moodle's floor is 2; a choice between 2 is a true/false
DEROULE_MINUTES = {"demi_journee": 210, "journee": 420}
DEROULE_NAMES = {"demi_journee": "demi-journée (3 h 30)", "journee": "journée (7 h)"}
TOLERANCE = 0.001  # Moodle matches weights to 0.001 percentage point


def section_present(fiche, section: str) -> bool:
    """Whether a fiche page has that section (macros/templates/fiche.md.j2 omits empty ones)."""
    return bool({"en-bref": fiche.en_bref, "reperer": fiche.reperer, "conditions": fiche.conditions,
                 "montants": fiche.montants, "demarches": fiche.demarches, "orienter": fiche.orienter,
                 "vigilance": fiche.vigilance}[section])


def allowed_weight(value: float) -> bool:
    return any(abs(abs(value) - w) <= TOLERANCE for w in model.MOODLE_WEIGHTS)


def walk(arbre, reponses: list[int]) -> tuple[str, str | None]:
    """Follow ``reponses`` (choice indexes) from the start. Returns (node reached, problem or None)."""
    node_id = arbre.depart
    for step, index in enumerate(reponses):
        node = arbre.noeuds.get(node_id)
        if not isinstance(node, Question):
            return node_id, f"réponse n° {step + 1} : le nœud « {node_id} » n'est pas une question (chemin trop long)"
        if index >= len(node.choix):
            return node_id, (f"réponse n° {step + 1} : la question « {node_id} » n'a que {len(node.choix)} choix "
                             f"(index {index}, compté à partir de 0)")
        node_id = node.choix[index].suivant
    return node_id, None


def weight_text(value: float) -> str:
    """Moodle's notation of a weight: 50, 33.33333, -100."""
    text = f"{float(value):.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Rules:
    def __init__(self, dataset):
        self.dataset = dataset
        self.formation = dataset.formation
        self.out = _Collector(dataset)

    def add(self, kind: str, key: str, loc: tuple, message: str) -> None:
        self.out.add(kind, key, loc, message)

    def _missing(self, kind: str, key: str) -> bool:
        table = {"fiche": self.dataset.fiches, "arbre": self.dataset.arbres, "montant": self.dataset.montants,
                 "module": self.formation.modules}[kind]
        return key not in table and (kind, key) not in self.dataset.broken

    # -------------------------------------------------------------- references

    def teste(self, key: str, loc: tuple, teste: model.Teste) -> None:
        d = self.dataset
        if teste.fiche is not None:
            if self._missing("fiche", teste.fiche):
                self.add("module", key, loc + ("fiche",), f"fiche « {teste.fiche} » introuvable (data/fiches/{teste.fiche}.yaml)")
            elif teste.fiche in d.fiches and not section_present(d.fiches[teste.fiche], teste.section):
                self.add("module", key, loc + ("section",),
                         f"la fiche « {teste.fiche} » n'a pas de section « {teste.section} » (section vide ou absente)")
        if teste.arbre is not None:
            if self._missing("arbre", teste.arbre):
                self.add("module", key, loc + ("arbre",), f"arbre « {teste.arbre} » introuvable (data/arbres/{teste.arbre}.yaml)")
            elif teste.arbre in d.arbres and teste.noeud not in d.arbres[teste.arbre].noeuds:
                self.add("module", key, loc + ("noeud",), f"nœud « {teste.noeud} » introuvable dans l'arbre « {teste.arbre} »")
        if teste.montant is not None and self._missing("montant", teste.montant):
            self.add("module", key, loc + ("montant",), f"montant « {teste.montant} » inconnu de data/montants.yaml")

    def couvre(self, key: str, module: model.Module) -> None:
        for kind, values in (("fiche", module.couvre.fiches), ("arbre", module.couvre.arbres), ("montant", module.couvre.montants)):
            field = {"fiche": "fiches", "arbre": "arbres", "montant": "montants"}[kind]
            for i, ref in enumerate(values):
                if self._missing(kind, ref):
                    self.add("module", key, ("couvre", field, i), f"{kind} « {ref} » introuvable")

    def public(self, kind: str, key: str, values: list[str]) -> None:
        vocab = self.dataset.vocabulaires
        if vocab is None:
            return
        for i, value in enumerate(values):
            if value not in vocab.destinataires:
                self.add(kind, key, ("public", i), f"destinataire « {value} » inconnu de data/vocabulaires.yaml ; "
                         f"permis : {', '.join(vocab.destinataires)}")

    # -------------------------------------------------------------- questions

    def question(self, key: str, i: int, q) -> None:
        loc = ("questions", i)
        self.teste(key, loc + ("teste",), q.teste)
        if q.type == "vrai-faux":
            return
        answers = q.reponses
        if len(answers) < MIN_ANSWERS:  # bad input: formation-too-few-answers
            self.add("module", key, loc + ("reponses",), f"au moins {MIN_ANSWERS} réponses (Moodle refuse le fichier entier sous 2)")
        if q.type == "choix-unique":  # bad input: formation-two-right-answers
            right = sum(1 for a in answers if a.juste)
            if right != 1:
                self.add("module", key, loc + ("reponses",), f"choix unique : exactement une réponse « juste: true » (ici {right})")
            return
        positive = 0.0  # bad inputs: formation-weight-not-allowed, formation-weights-sum
        for j, answer in enumerate(answers):
            if not allowed_weight(float(answer.poids)):
                allowed = ", ".join(weight_text(w) for w in model.MOODLE_WEIGHTS)
                self.add("module", key, loc + ("reponses", j, "poids"), f"poids {weight_text(answer.poids)} refusé par Moodle "
                         f"(le fichier entier serait rejeté) ; poids permis, positifs ou négatifs : {allowed}")
            if answer.poids > 0:
                positive += answer.poids
        if abs(positive - 100) > TOLERANCE:
            self.add("module", key, loc + ("reponses",), f"choix multiple : les poids positifs font {positive:g} % au lieu de 100 %")
        if all(a.poids > 0 for a in answers):
            self.add("module", key, loc + ("reponses",), "choix multiple : au moins une réponse fausse (poids négatif ou 0)")

    # -------------------------------------------------------------- cases

    def cas(self, key: str, i: int, cas: model.Cas) -> None:
        loc = ("cas", i)
        for j, teste in enumerate(cas.teste):
            self.teste(key, loc + ("teste", j), teste)
        for where, rejoue in cas.rejoues():
            self.rejoue(key, loc + where, rejoue)

    def rejoue(self, key: str, loc: tuple, rejoue: model.Rejoue) -> None:
        """The replay path must reach its stated conclusion in the real tree (bad input: formation-replay-wrong-conclusion)."""
        if self._missing("arbre", rejoue.arbre):
            self.add("module", key, loc + ("arbre",), f"arbre « {rejoue.arbre} » introuvable (data/arbres/{rejoue.arbre}.yaml)")
            return
        arbre = self.dataset.arbres.get(rejoue.arbre)
        if arbre is None:
            return
        if rejoue.conclusion not in arbre.noeuds or not isinstance(arbre.noeuds[rejoue.conclusion], Conclusion):
            self.add("module", key, loc + ("conclusion",),
                     f"« {rejoue.conclusion} » n'est pas une conclusion de l'arbre « {rejoue.arbre} »")
            return
        reached, problem = walk(arbre, rejoue.reponses)
        if problem is None and reached != rejoue.conclusion:
            kind = "une question" if isinstance(arbre.noeuds.get(reached), Question) else "une autre conclusion"
            problem = (f"le chemin {list(rejoue.reponses)} mène à « {reached} » ({kind}), pas à la conclusion "
                       f"« {rejoue.conclusion} » : l'arbre a changé, revoyez le cas")
        if problem:
            self.add("module", key, loc + ("reponses",), problem)

    # -------------------------------------------------------------- modules and parcours

    def module(self, key: str, module: model.Module) -> None:
        self.public("module", key, module.public)
        self.couvre(key, module)
        total = sum(a.duree for a in module.activites)  # bad input: formation-activities-duration
        if total != module.duree:
            self.add("module", key, ("duree",), f"duree {module.duree} min, mais les activités font {total} min")
        if len(module.questions) < MIN_QUESTIONS:
            self.add("module", key, ("questions",), f"au moins {MIN_QUESTIONS} questions par module (ici {len(module.questions)})")
        if len(module.cas) < MIN_CAS:
            self.add("module", key, ("cas",), f"au moins {MIN_CAS} études de cas par module (ici {len(module.cas)})")
        for i, q in enumerate(module.questions):
            self.question(key, i, q)
        for i, cas in enumerate(module.cas):
            self.cas(key, i, cas)

    def sequence_minutes(self, key: str, loc: tuple, seq: model.Sequence) -> int | None:
        """Minutes of one déroulé line; None when its module could not be read."""
        if seq.type != "module":
            return seq.duree
        module = self.formation.modules.get(seq.module)
        if module is None:
            if self._missing("module", seq.module):
                self.add("parcours", key, loc + ("module",), f"module « {seq.module} » introuvable (data/formation/modules/{seq.module}.yaml)")
            return None  # broken module file: reported by the loader, no total to check
        if seq.activites is None:
            computed = module.duree
        else:
            bad = [i for i in seq.activites if i >= len(module.activites)]
            if bad or len(set(seq.activites)) != len(seq.activites) or list(seq.activites) != sorted(seq.activites):
                self.add("parcours", key, loc + ("activites",), f"activites : index croissants et distincts, de 0 à "
                         f"{len(module.activites) - 1} (le module « {seq.module} » a {len(module.activites)} activités)")
                return None
            computed = sum(module.activites[i].duree for i in seq.activites)
        if seq.duree is not None and seq.duree != computed:
            kept = " (activités retenues)" if seq.activites is not None else ""
            self.add("parcours", key, loc + ("duree",), f"duree {seq.duree} min, mais le module « {seq.module} »{kept} "
                     f"dure {computed} min")
        return computed

    def parcours(self, key: str, parcours: model.Parcours) -> None:
        self.public("parcours", key, parcours.public)
        if not MIN_MODULES <= len(parcours.modules) <= MAX_MODULES:
            self.add("parcours", key, ("modules",), f"un parcours compte de {MIN_MODULES} à {MAX_MODULES} modules (ici {len(parcours.modules)})")
        for i, ref in enumerate(parcours.modules):
            if ref in self.dataset.formation.parcours:
                self.add("parcours", key, ("modules", i), f"« {ref} » est un parcours, pas un module")
            elif self._missing("module", ref):
                self.add("parcours", key, ("modules", i), f"module « {ref} » introuvable (data/formation/modules/{ref}.yaml)")
            if parcours.modules.index(ref) != i:
                self.add("parcours", key, ("modules", i), f"module « {ref} » cité deux fois")
        for name, expected in DEROULE_MINUTES.items():  # bad input: formation-deroule-total
            sequences = getattr(parcours.deroules, name)
            total, seen = 0, {}
            for i, seq in enumerate(sequences):
                loc = ("deroules", name, i)
                minutes = self.sequence_minutes(key, loc, seq)
                total = None if minutes is None or total is None else total + minutes
                if seq.type == "module":
                    if seq.module not in parcours.modules:
                        self.add("parcours", key, loc + ("module",), f"le module « {seq.module} » n'est pas dans la liste modules du parcours")
                    if seq.module in seen:
                        self.add("parcours", key, loc + ("module",), f"module « {seq.module} » déjà placé (séquence {seen[seq.module] + 1})")
                    seen.setdefault(seq.module, i)
                    if name == "journee" and seq.activites is not None:
                        self.add("parcours", key, loc + ("activites",), "la journée reprend chaque module en entier (retirez activites)")
            if total is not None and total != expected:
                self.add("parcours", key, ("deroules", name), f"{DEROULE_NAMES[name]} : les séquences font {total} min au lieu de "
                         f"{expected} (écart : {total - expected:+d} min)")
            if name == "journee":
                for ref in parcours.modules:
                    if ref not in seen:
                        self.add("parcours", key, ("deroules", name), f"la journée ne place pas le module « {ref} » du parcours")

    def ids(self) -> None:
        seen: dict[str, str] = {}
        for key, module in sorted(self.formation.modules.items()):
            if key in self.formation.parcours:
                self.add("module", key, (), f"« {key} » est aussi un identifiant de parcours : les pages se confondraient")
            items = [("questions", i, q.id) for i, q in enumerate(module.questions)]
            items += [("cas", i, c.id) for i, c in enumerate(module.cas)]
            for field, i, ident in items:  # bad input: formation-duplicate-id
                if ident in seen:
                    self.add("module", key, (field, i, "id"), f"identifiant « {ident} » déjà utilisé ({seen[ident]}) : "
                             "un identifiant de question ou de cas est unique et stable (c'est l'idnumber Moodle)")
                else:
                    seen[ident] = f"module {key}"

    def text_rules(self) -> None:
        entities = [("module", k, m) for k, m in self.formation.modules.items()]
        entities += [("parcours", k, p) for k, p in self.formation.parcours.items()]
        for kind, key, entity in entities:
            for loc, text in texts(entity):
                for ref in PLACEHOLDER_RE.findall(text):
                    if ref not in self.dataset.montants:
                        self.add(kind, key, loc, f"[[montant:{ref}]] : montant inconnu dans data/montants.yaml")
                stripped = PLACEHOLDER_RE.sub("", text)
                if "[[" in stripped:
                    self.add(kind, key, loc, "« [[ » mal formé : écrivez [[montant:identifiant]]")
                if EURO_RE.search(stripped):  # bad input: formation-typed-amount
                    self.add(kind, key, loc, f"montant saisi en dur « {EURO_RE.search(stripped).group(0).strip()} » : "
                             "écrivez [[montant:identifiant]] (data/montants.yaml)")
                if TEMPLATE_RE.search(text):
                    self.add(kind, key, loc, "texte simple : ni {{ }}, ni {% %}")
                for _, name, current in obsolete_mentions(text, self.dataset):
                    self.add(kind, key, loc, f"ancien nom « {name} » : écrivez « {current} » "
                             "(ou marquez la mention historique : « ex-… », « anciennement … »)")


def check(dataset) -> list[Problem]:
    """Every problem of the training data (empty list when there is none, or no training data)."""
    formation = getattr(dataset, "formation", None)
    if formation is None:
        return []
    rules = _Rules(dataset)
    rules.ids()
    rules.text_rules()
    for key, module in sorted(formation.modules.items()):
        rules.module(key, module)
    for key, parcours in sorted(formation.parcours.items()):
        rules.parcours(key, parcours)
    return rules.out.problems
