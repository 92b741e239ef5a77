"""Writing the whole directory into one .zip."""

import json
import zipfile
from pathlib import Path, PurePosixPath

from members.models import Member, MembershipType, Organisation, ResearchTopic
from publications.models import Publication

from .records import DOCUMENT, FORMAT, VERSION, member_record, publication_record, sha256, values


def export_directory(*, path: Path) -> dict[str, int]:
    """Write the whole directory to the .zip at `path`; how many records of each kind."""
    portraits = {}
    document = {
        "format": FORMAT,
        "version": VERSION,
        "membership_types": [
            {"slug": t.slug, **values(t)} for t in MembershipType.objects.order_by("slug")
        ],
        "organisations": [values(o) for o in Organisation.objects.order_by("name")],
        "topics": [{"slug": t.slug, **values(t)} for t in ResearchTopic.objects.order_by("slug")],
        "members": [],
        "publications": [],
    }
    members = Member.objects.select_related("membership_type", "organisation").prefetch_related(
        "research_topics"
    )
    for member in members.order_by("slug"):
        portrait_path = ""
        if member.portrait:
            with member.portrait.open("rb") as stored:
                data = stored.read()
            portrait_path = f"portraits/{member.slug}{PurePosixPath(member.portrait.name).suffix}"
            portraits[portrait_path] = data
        record = member_record(member, portrait_path)
        if portrait_path:
            record["portrait_sha256"] = sha256(portraits[portrait_path])
        document["members"].append(record)
    for publication in Publication.objects.prefetch_related("topics").order_by("slug"):
        document["publications"].append(publication_record(publication))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT, json.dumps(document, ensure_ascii=False, indent=1))
        for name, data in portraits.items():
            archive.writestr(name, data)
    return {
        kind: len(document[kind])
        for kind in ("membership_types", "organisations", "topics", "members", "publications")
    }
