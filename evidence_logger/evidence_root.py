"""The evidence root: one SHA-256 that stands for every piece of evidence in a bundle.

The bundle's PDF dossier is itself payload (``data/report/dossier.pdf``), so it cannot carry the
hash of a manifest that lists it. The evidence root is therefore the SHA-256 of the payload
manifest's lines (``<sha256>  <path>\\n``, sorted by path, as in ``manifest-sha256.txt``) for
every payload file *except* those under ``data/report/``. Export writes it to ``bag-info.txt``
(:data:`ROOT_LABEL`) and prints it, with a QR code, on the dossier's cover; ``verify``
recomputes it from the manifest. The payload of an unchanged case is the same in every export,
so the ``report`` command computes the same root without writing a bundle
(:func:`case_root`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from evidence_logger.case import Case
from evidence_logger.case_document import Redaction, case_document, csv_tables, to_json_bytes

log = logging.getLogger(__name__)

ROOT_LABEL = "Evidence-Root-SHA256"
REPORT_FOLDER = "data/report/"
REPORT_PATH = REPORT_FOLDER + "dossier.pdf"


def encode_path(path: str) -> str:
    """RFC 8493 2.1.3: percent-encode CR, LF and % in manifest paths."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def manifest(hashes: Mapping[str, str], names: Iterable[str]) -> bytes:
    """Manifest lines for ``names``, sorted, as BagIt writes them."""
    return "".join(f"{hashes[n]}  {encode_path(n)}\n" for n in sorted(names)).encode("utf-8")


def evidence_root(hashes: Mapping[str, str]) -> str:
    """The evidence root of a payload given as {path in the bag: SHA-256}."""
    kept = [name for name in hashes if not name.startswith(REPORT_FOLDER)]
    return hashlib.sha256(manifest(hashes, kept)).hexdigest()


def payload_files(case: Case, *, lang: str, redact: bool, plan: Redaction | None = None
                  ) -> tuple[dict[str, Any], Redaction, dict[str, bytes]]:
    """What export puts in the payload besides originals and the dossier: the case document,
    its redaction plan (``plan``, a submission's, if given), and {path in the bag: bytes} of
    case.json and the CSVs."""
    document, redaction = case_document(case, lang=lang, redact=redact, plan=plan)
    files = {"data/case/case.json": to_json_bytes(document)}
    for name, data in csv_tables(document, case).items():
        files[f"data/case/{name}"] = data
    return document, redaction, files


def payload_hashes(document: dict[str, Any], files: Mapping[str, bytes]) -> dict[str, str]:
    """{path: SHA-256} of every payload file but the dossier: originals as the case records
    them (export checks each against its bytes), the other files hashed here."""
    hashes = {e["path"]: e["sha256"] for e in document["evidence"] if e["path"]}
    hashes.update({name: hashlib.sha256(data).hexdigest() for name, data in files.items()})
    return hashes


def case_root(case: Case, *, lang: str = "zh", redact: bool = False,
              plan: Redaction | None = None) -> str:
    """The evidence root an export of ``case`` with these options would write."""
    document, _, files = payload_files(case, lang=lang, redact=redact, plan=plan)
    root = evidence_root(payload_hashes(document, files))
    log.debug("evidence root of %s (%s): %s", case.folder, lang, root)
    return root
