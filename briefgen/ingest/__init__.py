"""Ingest: raw source articles (``seeds/``) → briefings in ``content/`` (issue 3).

Stages: ``seeds`` (which files, each read once) → ``readers`` (the table of input formats: file
→ RawArticle) → ``extract`` (→ BriefingDraft, using ``gazetteer`` for countries, ``topics`` for
the taxonomy, ``entities`` for people and organisations) → ``stories`` (the same story twice:
extra sources) → ``store`` (→ file text, written atomically, never over a hand edit).
``pipeline.ingest`` runs them and returns an IngestReport.
"""

from __future__ import annotations

from .pipeline import IngestOutcome, IngestReport, ingest

__all__ = ["IngestOutcome", "IngestReport", "ingest"]
