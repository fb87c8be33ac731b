"""Training content: parcours, modules, quizzes, case studies, trainer's kit, Moodle export.

A second kind of content on the same pipeline as fiches and arbres:

* ``model``  — pydantic model of ``data/formation/parcours/*.yaml`` and ``modules/*.yaml``;
* ``load``   — strict reading (``file:line`` errors), called by ``macros.loader.load``;
* ``checks`` — cross-file rules (references, answers, weights, timings, replays), called by ``macros.checks.check``;
* ``drift``  — fingerprints of what each question tests, ``empreintes.yaml``, « à revoir » list, re-approval;
* ``gift``   — Moodle GIFT export, one file per parcours;
* ``render`` — generated pages (parcours, modules, printable kit), through ``macros/templates/formation/``.

Nothing here imports MkDocs.
"""
