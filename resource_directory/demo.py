"""The demo directory shipped with the project: San Mateo County's 2013 listings as HSDS 3.0.

Regenerate the file after changing the importers or the exporter with
`python -m resource_directory.demo path/to/cip_2013.json`.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from .exporter import write_export
from .importers import ImportReport, import_path
from .models import DirectoryBase, Service
from .taxonomy import load_taxonomy

DEMO_FILE = "san_mateo_2013.hsds.json.gz"


def demo_path() -> Path:
    return Path(str(resources.files("resource_directory") / "demo_data" / DEMO_FILE))


def build_demo_data(cip_path: Path | str, out_path: Path | str | None = None) -> int:
    """Convert cip_2013.json to the shipped HSDS file; return the number of organizations."""
    engine = create_engine("sqlite://")
    DirectoryBase.metadata.create_all(engine)
    with Session(engine) as session:
        import_path(session, cip_path)
        return write_export(session, out_path or demo_path())


def load_demo(session: Session, *, progress: bool = False) -> ImportReport | None:
    """Load the taxonomy and the demo directory into an empty directory; None if not empty."""
    if session.scalar(select(func.count()).select_from(Service)):
        return None
    load_taxonomy(session)
    # The file carries its services' taxonomy tags; the import tags what it lacks.
    return import_path(session, demo_path(), progress=progress)


if __name__ == "__main__":
    count = build_demo_data(sys.argv[1])
    print(f"wrote {count} organizations to {demo_path()}")
