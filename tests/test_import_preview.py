"""A look before importing, and files the app keeps without reading them (item 5 of issue 15)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from PIL import Image

from evidence_logger import custody, listing
from evidence_logger.exporting import run_export
from evidence_logger.import_preview import (
    CANNOT,
    EXPORTS,
    OTHER,
    PHOTOS,
    RECORDINGS,
    SCREENSHOTS,
    preview_paths,
)
from evidence_logger.importing import run
from evidence_logger.tasks import drive
from tests.test_cli import run_cli
from tests.test_importing import build_dump


def camera_photo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[271], exif[272] = "Xiaomi", "Redmi Note 12"
    Image.new("RGB", (64, 48), (90, 120, 30)).save(path, "JPEG", exif=exif)
    return path


def contract_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Loan contract No. 2026-0001")
    pdf.save()
    return path


def box(kind: bytes, body: bytes) -> bytes:
    return (8 + len(body)).to_bytes(4, "big") + kind + body


def screen_recording() -> bytes:
    """An MP4's skeleton with a video track, its movie box after the data (as phones write)."""
    handler = box(b"hdlr", bytes(8) + b"vide" + bytes(12) + b"VideoHandle\0")
    return (box(b"ftyp", b"mp42\0\0\0\0isommp42") + box(b"mdat", bytes(500))
            + box(b"moov", box(b"trak", box(b"mdia", handler))))


def phone_folder(root: Path) -> tuple[Path, dict[str, Path]]:
    dump = build_dump(root / "dump")
    me = root / "dump" / "my-phone"
    files = {
        "photo": camera_photo(me / "DCIM/Camera/IMG_20260302_101010.jpg"),
        "contract": contract_pdf(me / "Download/借款合同.pdf"),
        "video": me / "Movies/screen-20260302.mp4",
        "voice": me / "tencent/MicroMsg/voice2/msg_1.amr",
        "unknown": me / "Download/blob.bin",
    }
    files["video"].parent.mkdir(parents=True)
    files["video"].write_bytes(screen_recording())
    files["voice"].parent.mkdir(parents=True)
    files["voice"].write_bytes(b"\x02#!SILK_V3" + bytes(range(200)))
    files["unknown"].parent.mkdir(parents=True, exist_ok=True)
    files["unknown"].write_bytes(b"\x7fELF" + bytes(300))
    return me, dump | files


def test_the_look_groups_files_by_kind_and_leaves_photos_out(case, tmp_path):
    me, files = phone_folder(tmp_path)
    run(case, [files["calls"]])  # already in the case
    preview = drive(preview_paths(case, [me]))
    by_path = {item.path: item for item in preview.files}
    assert by_path[files["photo"]].group == PHOTOS and not by_path[files["photo"]].chosen
    assert by_path[files["shot"]].group == SCREENSHOTS and by_path[files["shot"]].chosen
    assert by_path[files["miui"]].group == RECORDINGS
    assert by_path[files["sms"]].group == EXPORTS
    for name in ("contract", "video", "voice"):
        assert by_path[files[name]].group == OTHER, name
    unknown = by_path[files["unknown"]]
    assert unknown.group == CANNOT and "blob.bin" in unknown.reason and not unknown.chosen
    calls = by_path[files["calls"]]
    assert calls.duplicate and not calls.chosen
    assert preview.duplicates == 1
    assert preview.counts()[OTHER] == 3
    assert files["photo"] not in preview.chosen() and files["contract"] in preview.chosen()
    assert listing.status(case)["evidence"] == 1  # the look imported nothing


def test_a_contract_a_video_and_a_voice_message_are_kept_as_other_evidence(case, tmp_path):
    _, files = phone_folder(tmp_path)
    report = run(case, [files["contract"], files["video"], files["voice"]])
    assert not report.problems
    assert [item.kind for item in report.imported] == ["other"] * 3
    assert "kept as other evidence" in report.imported[0].note_lines("en")[0]
    stored = {e["name"]: e for e in listing.evidence(case)}
    contract = stored["借款合同.pdf"]
    assert contract["kind"] == "other" and contract["at_source"] == "file-mtime"
    assert contract["sha256"] == hashlib.sha256(files["contract"].read_bytes()).hexdigest()
    logged = [json.loads(row[0]) for row in case.db.execute(
        "SELECT detail FROM custody WHERE action = 'import'")]
    assert {entry["kind"] for entry in logged} == {"other"}
    assert custody.verify(case.db)[1] == []
    bundle = run_export(case, tmp_path / "bundle.zip").path
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
    assert sum(n.startswith("data/originals/other/") for n in names) == 3


def test_import_dry_run_lists_and_imports_nothing(tmp_path, capsys):
    me, _ = phone_folder(tmp_path)
    folder = tmp_path / "case"
    assert run_cli(capsys, "init", folder, "--timezone", "Asia/Shanghai")[0] == 0
    code, out, _ = run_cli(capsys, "--case", folder, "import", "--dry-run", me)
    assert code == 0
    assert "Camera photos: 1" in out and "left out unless chosen" in out
    assert "Other evidence" in out and "blob.bin" in out
    code, out, _ = run_cli(capsys, "--case", folder, "status", "--json")
    assert json.loads(out)["evidence"] == 0


def test_the_command_line_leaves_the_folders_camera_photos_out_and_says_so(tmp_path, capsys):
    me, files = phone_folder(tmp_path)
    named = camera_photo(tmp_path / "elsewhere" / "IMG_20260303_090000.jpg")
    named.write_bytes(named.read_bytes() + b"another")  # not the folder's photo's twin
    folder = tmp_path / "case"
    assert run_cli(capsys, "init", folder, "--timezone", "Asia/Shanghai")[0] == 0
    code, out, _ = run_cli(capsys, "--case", folder, "import", "--no-ocr", me, named)
    assert code in (0, 3)
    assert "Left out 1 camera photo(s)" in out and "--photos" in out
    code, out, _ = run_cli(capsys, "--case", folder, "evidence", "list", "--json")
    names = {item["name"] for item in json.loads(out)}
    assert files["photo"].name not in names  # the folder's photo: left out
    assert named.name in names  # a photo named on its own: the user's choice
    assert files["contract"].name in names and files["shot"].name in names
    code, out, _ = run_cli(capsys, "--case", folder, "import", "--no-ocr", "--photos", me)
    assert "camera photo" not in out
    code, out, _ = run_cli(capsys, "--case", folder, "evidence", "list", "--json")
    assert files["photo"].name in {item["name"] for item in json.loads(out)}
