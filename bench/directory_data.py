"""The real San Mateo directory for the benchmarks: cip_2013.json through the product's importer.

The same path a user's data takes: the Open Eligibility taxonomy, the cip-json importer,
taxonomy tagging, then the search documents the app indexes. Records keep their 0-based
position in the file as ``source_id``, which is what the relevance judgements refer to.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from resource_directory.documents import service_documents
from resource_directory.importers import import_path
from resource_directory.models import DirectoryBase
from resource_directory.search.document import ServiceDocument
from resource_directory.taxonomy import load_taxonomy, tag_services


def shared_folder() -> Path:
    """The shared data folder beside the project root (or $CAREBRIDGE_SHARED); exit if absent."""
    shared = Path(
        os.environ.get("CAREBRIDGE_SHARED") or Path(__file__).resolve().parents[2] / "shared"
    )
    if not (shared / "data" / "ohana-san-mateo" / "cip_2013.json").is_file():
        sys.exit(f"This benchmark needs the shared data folder ({shared}); set CAREBRIDGE_SHARED.")
    return shared


def cip_documents(shared: Path) -> list[ServiceDocument]:
    """Every search document of the imported cip_2013 records, in a stable order."""
    engine = create_engine("sqlite://")
    DirectoryBase.metadata.create_all(engine)
    with Session(engine) as session:
        load_taxonomy(session)
        import_path(session, shared / "data" / "ohana-san-mateo" / "cip_2013.json")
        tag_services(session)
        return list(service_documents(session))
