"""Open-data export: every fiche as one JSON record, with its published JSON Schema.

Other services (a local portal, a Moodle, a DORA-like directory) reuse the content
without scraping pages. Texts are plain: ``[[montant:id]]`` becomes the montant's
formatted value in force on the build day, ``[[circuit:id]]`` the circuit's text
(the national one, or the edition's channel when an edition is built). Nothing
here imports MkDocs: the glue calls ``write_export`` after the build, and
``python -m macros export --out DIR`` does the same from the command line.
"""
from __future__ import annotations

import json
from pathlib import Path

from .freshness import current_value
from .render import Context, edition_id, format_value, placeholder_text
from .schema import ANY_PLACEHOLDER_RE
from .thematiques import category_label, label

EXPORT_FILE = "fiches.json"
SCHEMA_FILE = "fiches.schema.json"
FORMAT_VERSION = "1.0"  # of the export's structure; raise it when a field changes meaning or disappears


def plain_text(ctx: Context, text: str | None) -> str | None:
    """``text`` with its placeholders replaced by plain words (no Markdown, no HTML).

    ``[[montant:id]]`` → « 103,20 € » (the value in force on ``ctx.today``);
    ``[[circuit:id]]`` → the edition's channel when the build has one for it, else
    the circuit's national text; ``[[fiche:id]]`` / ``[[arbre:id]]`` → the page's
    title (see ``render.placeholder_text``). Returns None for None.
    """
    if text is None:
        return None
    return ANY_PLACEHOLDER_RE.sub(lambda match: placeholder_text(ctx, *match.groups()), text)


def _labelled(key: str, libelle: str) -> dict:
    return {"id": key, "libelle": libelle}


def _montant(ctx: Context, key: str) -> dict:
    montant = ctx.dataset.montants[key]
    value = current_value(montant, ctx.today)
    return {
        "id": key,
        "libelle": montant.libelle,
        "valeur": value.valeur,
        "unite": montant.unite,
        "valeur_affichee": format_value(montant.unite, value.valeur),
        "date_effet": value.effet.isoformat() if value.effet else None,
        "prochaine_revalorisation": (montant.revalorisation.prochaine.isoformat()
                                     if montant.revalorisation.prochaine else None),
        "verifie_le": montant.verifie_le.isoformat(),
        "sources": [_source(s) for s in montant.sources],
    }


def _source(source) -> dict:
    return {"titre": source.titre, "url": source.url, "consulte_le": source.consulte_le.isoformat()}


def fiche_record(ctx: Context, key: str) -> dict:
    """One fiche as an export record (see ``json_schema`` for every field)."""
    data = ctx.dataset
    vocab = data.vocabulaires
    fiche = data.fiches[key]
    orienter = fiche.orienter
    return {
        "id": key,
        "titre": fiche.titre,
        "institution": _labelled(fiche.institution, vocab.institutions[fiche.institution].libelle),
        "rubrique": _labelled(fiche.rubrique, vocab.rubriques[fiche.rubrique].libelle),
        "destinataires": [_labelled(d, vocab.destinataires[d].libelle) for d in fiche.destinataires],
        "thematiques": [{"id": t, "libelle": label(t), "categorie": category_label(t)} for t in fiche.thematiques],
        "en_bref": plain_text(ctx, fiche.en_bref),
        "reperer": [plain_text(ctx, t) for t in fiche.reperer],
        "conditions": [plain_text(ctx, t) for t in fiche.conditions],
        "demarches": [plain_text(ctx, t) for t in fiche.demarches],
        "orientation": {
            "vers": _labelled(orienter.vers, vocab.institutions[orienter.vers].libelle),
            "canal": plain_text(ctx, orienter.canal),
            "dire": plain_text(ctx, orienter.dire),
            "transmettre": [plain_text(ctx, t) for t in orienter.transmettre],
            "consentement": orienter.consentement,
        },
        "vigilance": [plain_text(ctx, t) for t in fiche.vigilance],
        "montants": [_montant(ctx, m) for m in fiche.montants],
        "voir_aussi": list(fiche.voir_aussi),
        "sources": [_source(s) for s in fiche.sources],
        "references": [{"titre": r.titre, "url": r.url} for r in fiche.references],
        "revision": {
            "mise_a_jour": fiche.revision.mise_a_jour.isoformat(),
            "a_revoir_avant": fiche.revision.a_revoir_avant.isoformat(),
            "statut": fiche.revision.statut,
            "valide_par": fiche.revision.valide_par,
        },
        "page": f"fiches/{key}.html",
        "donnees": f"data/fiches/{key}.yaml",
    }


def export_document(ctx: Context) -> dict:
    """The whole export: site version, build day, edition, and one record per fiche (sorted by id)."""
    return {
        "$schema": f"./{SCHEMA_FILE}",
        "format": FORMAT_VERSION,
        "version_du_site": ctx.version,
        "genere_le": ctx.today.isoformat(),
        "edition": edition_id(ctx),
        "fiches": [fiche_record(ctx, key) for key in sorted(ctx.dataset.fiches)],
    }


def _string(**extra) -> dict:
    return {"type": "string", "minLength": 1, **extra}


def _object(properties: dict, **extra) -> dict:
    return {"type": "object", "additionalProperties": False, "required": sorted(properties),
            "properties": properties, **extra}


def _array(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


_DATE = _string(format="date", pattern=r"^\d{4}-\d{2}-\d{2}$")
_URL = _string(format="uri", pattern=r"^https://")
_ID = _string(pattern=r"^[a-z0-9]+(?:--?[a-z0-9]+)*$")
_LABELLED = _object({"id": _ID, "libelle": _string()})
_SOURCE = _object({"titre": _string(), "url": _URL, "consulte_le": _DATE})
_TEXTS = _array(_string())


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) every export validates against; published beside the export."""
    montant = _object({
        "id": _ID,
        "libelle": _string(),
        "valeur": {"type": "number"},
        "unite": _string(description="unité de data/montants.yaml : euros, euros-par-mois, pourcent, jours…"),
        "valeur_affichee": _string(description="valeur et unité telles que le site les écrit"),
        "date_effet": {"anyOf": [_DATE, {"type": "null"}], "description": "null : date d'effet inconnue"},
        "prochaine_revalorisation": {"anyOf": [_DATE, {"type": "null"}]},
        "verifie_le": _DATE,
        "sources": _array(_SOURCE, minItems=1),
    }, description="valeur en vigueur le jour de la construction du site")
    fiche = _object({
        "id": _ID,
        "titre": _string(),
        "institution": _LABELLED,
        "rubrique": _LABELLED,
        "destinataires": _array(_LABELLED, minItems=1),
        "thematiques": _array(_object({"id": _ID, "libelle": _string(), "categorie": {"type": "string"}}),
                              minItems=1, description="référentiel data·inclusion (paquet data-inclusion-schema)"),
        "en_bref": _string(),
        "reperer": _array(_string(), minItems=1),
        "conditions": _TEXTS,
        "demarches": _array(_string(), minItems=1),
        "orientation": _object({
            "vers": _LABELLED,
            "canal": _string(),
            "dire": {"anyOf": [_string(), {"type": "null"}]},
            "transmettre": _TEXTS,
            "consentement": {"type": "boolean", "description": "demander l'accord de la personne avant de transmettre"},
        }),
        "vigilance": _TEXTS,
        "montants": _array(montant),
        "voir_aussi": _array(_ID),
        "sources": _array(_SOURCE, minItems=1),
        "references": _array(_object({"titre": _string(), "url": _URL})),
        "revision": _object({
            "mise_a_jour": _DATE,
            "a_revoir_avant": _DATE,
            "statut": {"enum": ["a-valider", "valide"]},
            "valide_par": {"anyOf": [_string(), {"type": "null"}]},
        }),
        "page": _string(description="chemin de la page de la fiche, relatif à la racine du site"),
        "donnees": _string(description="fichier de données source, relatif au dépôt"),
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_FILE,
        "title": "Passerelle — export des fiches",
        "description": ("Une fiche par enregistrement : public, thématiques data·inclusion, conditions, orientation, "
                        "montants en vigueur avec leur date d'effet, sources et dates de révision. Textes en clair."),
        **_object({
            "$schema": {"type": "string"},
            "format": {"const": FORMAT_VERSION},
            "version_du_site": _string(),
            "genere_le": _DATE,
            "edition": {"anyOf": [_ID, {"type": "null"}], "description": "null : site national"},
            "fiches": _array(fiche),
        }),
    }


def write_export(ctx: Context, out_dir: Path) -> tuple[Path, Path]:
    """Write ``fiches.json`` and ``fiches.schema.json`` into ``out_dir`` (created if needed).

    Returns both paths. UTF-8, sorted records, stable key order: two builds of the
    same data on the same day give the same bytes.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    export = out_dir / EXPORT_FILE
    schema = out_dir / SCHEMA_FILE
    export.write_text(json.dumps(export_document(ctx), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    schema.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return export, schema
