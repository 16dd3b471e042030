"""verify_bundle against bags made from the spec: intact, tampered in every way, encrypted."""

from __future__ import annotations

import random
import shutil
import subprocess
import warnings
import zipfile
from collections.abc import Callable

import pytest

from evidence_logger.bundle.verify import iter_verify, verify_bundle
from evidence_logger.i18n import tr
from evidence_logger.progress import Progress
from tests.bundle.bags import (
    SIGNATURE,
    bag_info,
    data_offset,
    fingerprint,
    make_bag,
    make_key,
    manifest,
    public_pem,
    remanifest,
    resign,
    retag,
    sample_payload,
    write_zip,
)

KEY = make_key()
ORIGINAL = next(name for name in sample_payload() if "/recordings/" in name)
CASE_JSON = "data/case/case.json"


def kinds(verdict) -> set[str]:
    return {p.problem for p in verdict.problems}


def flip(data: bytes, bit: int = 0) -> bytes:
    changed = bytearray(data)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


def test_an_intact_bag_verifies(tmp_path):
    verdict = verify_bundle(write_zip(tmp_path / "b.zip", make_bag()))
    assert (verdict.ok, verdict.status, verdict.problems) == (True, "intact", [])
    payload = [d for n, d in make_bag().items() if n.startswith("data/")]
    assert verdict.info["fingerprint"] == fingerprint(KEY)
    assert (verdict.info["files"], verdict.info["bytes"]) == (len(payload), sum(map(len, payload)))
    assert verdict.info["bag_info"]["External-Identifier"] == "测试案件"
    assert verdict.to_json() == {"ok": True, "status": "intact", "problems": [],
                                 "info": verdict.info, "timestamps": []}
    assert verify_bundle(tmp_path / "b.zip", expected_fingerprint=fingerprint(KEY).upper()).ok


def test_standard_tools_agree_with_an_intact_bag(tmp_path):
    bagit = pytest.importorskip("bagit")
    folder = tmp_path / "extracted"
    with zipfile.ZipFile(write_zip(tmp_path / "b.zip", make_bag())) as archive:
        archive.extractall(folder)
    bagit.Bag(str(folder)).validate()
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum is not on PATH")
    for name in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
        run = subprocess.run(["sha256sum", "-c", "--quiet", name], cwd=folder, check=False,
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


def test_progress_is_reported_and_ends_complete(tmp_path):
    run = iter_verify(write_zip(tmp_path / "b.zip", make_bag()))
    seen: list[Progress] = []
    try:
        while True:
            seen.append(next(run))
    except StopIteration as done:
        assert done.value.ok
    last = seen[-1]
    assert last.params["number"] == last.params["count"] == len(make_bag())
    assert last.done == last.total and last.unit == "bytes"


FLIP_TARGETS = [
    (ORIGINAL, "modified"),
    (CASE_JSON, "modified"),
    ("data/case/events.csv", "modified"),
    ("bagit.txt", "manifest-mismatch"),
    ("bag-info.txt", "manifest-mismatch"),
    ("manifest-sha256.txt", "manifest-mismatch"),
    ("tagmanifest-sha256.txt", "signature-mismatch"),
    ("custody-log.json", "manifest-mismatch"),
    ("HOW-TO-VERIFY.txt", "manifest-mismatch"),
    ("signing-key.pub", "manifest-mismatch"),
    (SIGNATURE, "signature-mismatch"),
]


@pytest.mark.parametrize("name, kind", FLIP_TARGETS, ids=[n for n, _ in FLIP_TARGETS])
def test_a_flipped_bit_in_any_file_is_caught(tmp_path, name, kind):
    files = make_bag()
    bits = len(files[name]) * 8
    rng = random.Random(name)
    chosen = {0, bits // 2, bits - 1, *(rng.randrange(bits) for _ in range(13))}
    if name == SIGNATURE:  # the one file nothing hashes: every bit of it
        chosen = set(range(bits))
    for bit in sorted(chosen):
        verdict = verify_bundle(write_zip(tmp_path / "b.zip", {**files,
                                                               name: flip(files[name], bit)}))
        assert verdict.status == "altered" and kind in kinds(verdict), (bit, verdict.to_json())


def test_a_flipped_bit_in_the_zip_itself_is_caught(tmp_path):
    path = write_zip(tmp_path / "b.zip", make_bag())
    raw = bytearray(path.read_bytes())
    raw[data_offset(path, ORIGINAL) + 100] ^= 0x10  # inside a stored original; CRC left as is
    path.write_bytes(bytes(raw))
    verdict = verify_bundle(path)
    assert (verdict.status, kinds(verdict)) == ("altered", {"modified"})
    assert verdict.problems[0].path == ORIGINAL


def _removed(f):
    del f[ORIGINAL]


def _added(f):
    f["data/originals/images/0123456789ab_extra.png"] = b"\x89PNG extra"


def _renamed(f):
    f["data/originals/recordings/renamed.mp3"] = f.pop(ORIGINAL)


def _line_edited(f):
    f[CASE_JSON] = flip(f[CASE_JSON], 77)
    remanifest(f)


def _tags_recomputed(f):
    _line_edited(f)
    retag(f)


def _signed_by_another_key(f):
    resign(f, make_key("intruder"))


def _key_replaced_consistently(f):
    intruder = make_key("intruder")
    f["signing-key.pub"] = public_pem(intruder)
    f["bag-info.txt"] = bag_info(f, intruder)
    resign(retag(f), intruder)


def _resigned(**labels: str) -> Callable[[dict[str, bytes]], None]:
    def change(f):  # what a buggy exporter could sign: the signature is fine, the rest is not
        f["bag-info.txt"] = bag_info(f, KEY, **labels)
        resign(retag(f), KEY)
    return change


def _bagit_declaration_wrong(f):
    f["bagit.txt"] = b"BagIt-Version: one\nTag-File-Character-Encoding: UTF-8\n"
    resign(retag(f), KEY)


def _unsigned(f):
    del f[SIGNATURE]


def _tag_file_added(f):
    f["notes.txt"] = b"added later"


def _tag_file_removed(f):
    del f["custody-log.json"]


def _unlisted_in_manifest(f):
    f["manifest-sha256.txt"] = manifest({CASE_JSON: f[CASE_JSON]})
    resign(retag(f), KEY)


def _payload_changed_and_resigned(f):  # manifest and signature redone, the root left as it was
    name = next(n for n in f if n.startswith("data/originals/"))
    f[name] = bytes([f[name][0] ^ 1]) + f[name][1:]
    resign(retag(remanifest(f)), KEY)


ORIGINAL_FP = fingerprint(KEY)
CASES = [
    ("payload-removed", _removed, {}, "altered", {"missing", "oxum-mismatch"}),
    ("payload-added", _added, {}, "altered", {"unexpected", "oxum-mismatch"}),
    ("payload-renamed", _renamed, {}, "altered", {"missing", "unexpected"}),
    ("manifest-line-rehashed", _line_edited, {}, "altered", {"manifest-mismatch"}),
    # the root in bag-info.txt was not redone: it disagrees with the new manifest too
    ("tagmanifest-rehashed", _tags_recomputed, {}, "altered",
     {"signature-mismatch", "root-mismatch"}),
    ("signed-by-another-key", _signed_by_another_key, {}, "altered", {"signature-mismatch"}),
    ("key-replaced", _key_replaced_consistently, {}, "intact", set()),
    ("key-replaced-expected", _key_replaced_consistently,
     {"expected_fingerprint": ORIGINAL_FP}, "altered", {"fingerprint-mismatch"}),
    ("wrong-expected", lambda f: None, {"expected_fingerprint": "00" * 32}, "altered",
     {"fingerprint-mismatch"}),
    ("oxum-wrong", _resigned(Payload_Oxum="1.1"), {}, "altered", {"oxum-mismatch"}),
    ("root-wrong", _resigned(Evidence_Root_SHA256="00" * 32), {}, "altered", {"root-mismatch"}),
    ("payload-resigned-root-kept", _payload_changed_and_resigned, {}, "altered",
     {"root-mismatch"}),
    ("fingerprint-wrong", _resigned(Signing_Key_Fingerprint="00" * 32), {}, "altered",
     {"fingerprint-mismatch"}),
    ("bagit-declaration-wrong", _bagit_declaration_wrong, {}, "invalid", {"not-a-bag"}),
    ("unsigned", _unsigned, {}, "altered", {"unsigned"}),
    ("tag-file-added", _tag_file_added, {}, "altered", {"unexpected"}),
    ("tag-file-removed", _tag_file_removed, {}, "altered", {"missing"}),
    ("payload-unlisted", _unlisted_in_manifest, {}, "altered", {"unexpected", "root-mismatch"}),
]


@pytest.mark.parametrize("change, options, status, expected", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_tampering_is_caught_with_the_right_kind(tmp_path, change, options, status, expected):
    files = make_bag()
    change(files)
    verdict = verify_bundle(write_zip(tmp_path / "b.zip", files), **options)
    assert (verdict.status, kinds(verdict)) == (status, expected), verdict.to_json()
    assert verdict.ok == (status == "intact")
    for problem in verdict.problems:  # every problem has an English and a Chinese sentence
        assert problem.message("en") and problem.message("zh_CN")


def test_a_bag_inside_a_folder_is_not_a_bag(tmp_path):
    verdict = verify_bundle(write_zip(tmp_path / "b.zip", make_bag(), prefix="case-export/"))
    assert (verdict.status, kinds(verdict)) == ("invalid", {"not-a-bag"})
    assert verdict.problems[0].message("en") == (
        "The bag is inside a folder case-export/; bagit.txt must be at the top of the zip.")


def test_folder_entries_as_zip_tools_add_them_are_fine(tmp_path):
    folders = [zipfile.ZipInfo(name) for name in ("data/", "data/case/", "data/originals/")]
    for info in folders:
        info.external_attr = (0o40755 << 16) | 0x10
    verdict = verify_bundle(write_zip(tmp_path / "b.zip", make_bag(), extra=[
        (info, b"") for info in folders]))
    assert verdict.ok, verdict.to_json()


def test_a_zip_without_bagit_txt_is_not_a_bag(tmp_path):
    files = make_bag()
    del files["bagit.txt"]
    verdict = verify_bundle(write_zip(tmp_path / "b.zip", files))
    assert (verdict.status, kinds(verdict)) == ("invalid", {"not-a-bag"})


def test_manifests_are_read_per_rfc_8493(tmp_path):
    payload = {**sample_payload(), "data/originals/images/0123456789ab_100%.png": b"percent"}
    files = make_bag(payload)
    assert b"_100%25.png" in files["manifest-sha256.txt"]
    # CRLF line ends, a tab between hash and path, upper-case hex: all allowed
    text = files["manifest-sha256.txt"].decode()
    files["manifest-sha256.txt"] = "".join(
        f"{line[:64].upper()}\t{line[66:]}\r\n" for line in text.splitlines()).encode()
    resign(retag(files), KEY)
    assert verify_bundle(write_zip(tmp_path / "b.zip", files)).ok


@pytest.mark.parametrize("password, status", [(b"right", "intact"), (None, "invalid"),
                                              (b"wrong", "invalid")])
def test_an_encrypted_bag_needs_its_password(tmp_path, password, status):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pycryptodome's, on some versions
        path = write_zip(tmp_path / "b.zip", make_bag(), password=b"right")
        verdict = verify_bundle(path, password=password)
    assert verdict.status == status
    if status == "invalid":
        assert kinds(verdict) == {"encrypted"}
        assert "password" in verdict.problems[0].message("en")
        assert tr(verdict.problems[0].message_template, "zh_CN") != (
            verdict.problems[0].message_template)


def test_a_file_that_cannot_be_opened_is_unreadable(tmp_path):
    verdict = verify_bundle(tmp_path / "absent.zip")
    assert (verdict.status, kinds(verdict)) == ("invalid", {"unreadable"})
