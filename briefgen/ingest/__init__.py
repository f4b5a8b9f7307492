"""Ingest: raw source articles (``seeds/``) → briefings in ``content/`` (issue 3).

Stages: ``readers`` (file bytes → RawArticle) → ``extract`` (→ BriefingDraft, using
``gazetteer`` for countries and ``topics`` for the taxonomy) → ``store`` (→ file text, written
atomically, never over a hand edit). ``pipeline.ingest`` runs them and returns an IngestReport.
"""

from __future__ import annotations

from .pipeline import IngestOutcome, IngestReport, ingest

__all__ = ["IngestOutcome", "IngestReport", "ingest"]
