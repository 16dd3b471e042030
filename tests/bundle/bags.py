"""Test bags written straight from docs/bundle-format.md, independent of the app's exporter.

A bag is a dict {name in the bag: bytes}; :func:`make_bag` builds a valid signed one, the
``re*`` helpers recompute its manifests and signature after a test has changed it, and
:func:`write_zip` puts it in a zip the way the spec says (originals stored, the rest deflated,
sorted, fixed timestamps).
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pyzipper
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

EPOCH = (1980, 1, 1, 0, 0, 0)
TAGMANIFEST, SIGNATURE = "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.sig"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_key(label: str = "borrower") -> Ed25519PrivateKey:
    """A fixed Ed25519 key per label, so that failures are reproducible."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())


def public_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def fingerprint(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return sha(raw)


def original(kind: str, name: str, data: bytes) -> tuple[str, bytes]:
    """An original's path in the bag: its kind's folder and its name after 12 hex digits."""
    return f"data/originals/{kind}/{sha(data)[:12]}_{name}", data


def sample_payload() -> dict[str, bytes]:
    """A small case: two originals and the case folder, with Chinese names and a BOM CSV."""
    recording = b"ID3\x04\x00" + bytes(range(256)) * 40
    screenshot = b"\x89PNG\r\n\x1a\n" + bytes(range(255, -1, -1)) * 12
    case = {"format": "evidence-logger-case", "version": 1,
            "case": {"name": "测试案件", "timezone": "Asia/Shanghai", "profile": "cn"}}
    csv = "\ufeffid,kind,at\r\n1,call,2019-11-04 11:00:52\r\n".encode()
    return dict([
        original("recordings", "通话录音@10086(10086)_20191104110052.mp3", recording),
        original("images", "Screenshot_2019-11-04.png", screenshot),
        ("data/case/case.json", json.dumps(case, ensure_ascii=False, sort_keys=True).encode()),
        ("data/case/events.csv", csv),
        ("data/case/parties.csv", "\ufeffid,number,role\r\n1,+8617100000001,collector\r\n"
         .encode()),
        ("data/case/evidence.csv", "\ufeffsha256,path,kind\r\n".encode()),
        ("data/case/findings.csv", "\ufeffrule,severity\r\n".encode()),
        ("data/case/debts.csv", "\ufeffid,platform\r\n".encode()),
    ])


def escape(path: str) -> str:
    """RFC 8493 path encoding for manifests."""
    return path.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def manifest(files: dict[str, bytes]) -> bytes:
    return "".join(f"{sha(data)}  {escape(name)}\n" for name, data in sorted(files.items())
                   ).encode()


def bag_info(files: dict[str, bytes], key: Ed25519PrivateKey, **override: str) -> bytes:
    payload = [data for name, data in files.items() if name.startswith("data/")]
    labels = {
        "Bagging-Date": "2024-05-06", "Bagging-Time": "2024-05-06T07:08:09Z",
        "Bag-Software-Agent": "evidence-logger 0.1.0", "External-Identifier": "测试案件",
        "Case-Time-Zone": "Asia/Shanghai", "Rule-Profile": "cn",
        "Custody-Log-Head": "ab" * 32, "Signing-Key-Fingerprint": fingerprint(key),
        "Language": "zh", "Redacted-Third-Parties": "no",
        "Payload-Oxum": f"{sum(map(len, payload))}.{len(payload)}",
        # SHA-256 of the payload manifest's lines, the dossier (data/report/) left out
        "Evidence-Root-SHA256": sha(manifest({name: data for name, data in files.items()
                                              if name.startswith("data/")
                                              and not name.startswith("data/report/")})),
    }
    labels.update({k.replace("_", "-"): v for k, v in override.items()})
    return "".join(f"{label}: {value}\n" for label, value in labels.items()).encode()


def make_bag(payload: dict[str, bytes] | None = None,
             key: Ed25519PrivateKey | None = None) -> dict[str, bytes]:
    """A complete, valid, signed bag."""
    key = key or make_key()
    files = dict(sample_payload() if payload is None else payload)
    files["bagit.txt"] = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    files["custody-log.json"] = json.dumps(
        [{"seq": 1, "action": "create-case", "prev_hash": "0" * 64, "hash": "ab" * 32}]).encode()
    files["HOW-TO-VERIFY.txt"] = ("如何核验 / How to verify\n"
                                  "sha256sum -c manifest-sha256.txt\n").encode()
    files["signing-key.pub"] = public_pem(key)
    files["bag-info.txt"] = bag_info(files, key)
    remanifest(files)
    return resign(retag(files), key)


def remanifest(files: dict[str, bytes]) -> dict[str, bytes]:
    """Recompute manifest-sha256.txt from the payload."""
    files["manifest-sha256.txt"] = manifest(
        {name: data for name, data in files.items() if name.startswith("data/")})
    return files


def retag(files: dict[str, bytes]) -> dict[str, bytes]:
    """Recompute tagmanifest-sha256.txt from every tag file."""
    files[TAGMANIFEST] = manifest(
        {name: data for name, data in files.items()
         if not name.startswith("data/") and name not in (TAGMANIFEST, SIGNATURE)})
    return files


def resign(files: dict[str, bytes], key: Ed25519PrivateKey) -> dict[str, bytes]:
    """Sign tagmanifest-sha256.txt with ``key`` (base64 of the raw 64 bytes)."""
    files[SIGNATURE] = base64.b64encode(key.sign(files[TAGMANIFEST])) + b"\n"
    return files


def write_zip(path: Path, files: dict[str, bytes], *, prefix: str = "",
              password: bytes | None = None,
              extra: Sequence[tuple[zipfile.ZipInfo, bytes]] = ()) -> Path:
    """The bag as a zip: sorted, fixed timestamps, originals stored and the rest deflated;
    ``extra`` entries are appended as they are; ``password`` makes an AES zip (pyzipper)."""
    if password is not None:
        with pyzipper.AESZipFile(path, "w", compression=pyzipper.ZIP_DEFLATED,
                                 encryption=pyzipper.WZ_AES) as archive:
            archive.setpassword(password)
            for name, data in sorted(files.items()):
                archive.writestr(prefix + name, data)
        return path
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(prefix + name, EPOCH)
            info.compress_type = (zipfile.ZIP_STORED if name.startswith("data/originals/")
                                  else zipfile.ZIP_DEFLATED)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
        for info, data in extra:
            archive.writestr(info, data)
    return path


def patch_member(path: Path, name: str, **fields: int) -> None:
    """Overwrite 32-bit header fields of one member, in its local and central headers alike:
    ``crc``, ``compress_size``, ``file_size`` or (16-bit) ``method``."""
    local = {"method": (8, "<H"), "crc": (14, "<L"), "compress_size": (18, "<L"),
             "file_size": (22, "<L")}
    central = {"method": (10, "<H"), "crc": (16, "<L"), "compress_size": (20, "<L"),
               "file_size": (24, "<L")}
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
        header, directory = info.header_offset, archive.start_dir
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    at = directory
    while data[at:at + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, at + 28)
        if data[at + 46:at + 46 + name_len] == encoded:
            for field, value in fields.items():
                struct.pack_into(central[field][1], data, at + central[field][0], value)
        at += 46 + name_len + extra_len + comment_len
    for field, value in fields.items():
        struct.pack_into(local[field][1], data, header + local[field][0], value)
    path.write_bytes(bytes(data))


def data_offset(path: Path, name: str) -> int:
    """Where a member's (compressed) bytes start in the zip file."""
    with zipfile.ZipFile(path) as archive:
        header = archive.getinfo(name).header_offset
    with open(path, "rb") as f:
        f.seek(header + 26)
        name_len, extra_len = struct.unpack("<2H", f.read(4))
    return header + 30 + name_len + extra_len


def many_entries_zip(path: Path, count: int, *, honest_count: bool = True) -> Path:
    """A zip of ``count`` empty stored files, written by hand (fast, ~100 bytes an entry).

    With ``honest_count=False`` the end record gives the count modulo 65536 and no zip64
    record, as a careless or lying writer would.
    """
    local, central = bytearray(), bytearray()
    for i in range(count):
        name = f"data/{i:06d}".encode()
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21, 0, 0, 0,
                               len(name), 0, 0, 0, 0, 0o644 << 16, len(local)) + name
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0x21, 0, 0, 0,
                             len(name), 0) + name
    end = bytearray()
    if honest_count and count > 0xFFFF:
        end += struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count,
                           len(central), len(local))
        end += struct.pack("<4sLQL", b"PK\x06\x07", 0, len(local) + len(central), 1)
        shown = 0xFFFF
    else:
        shown = count & 0xFFFF
    end += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, shown, shown, len(central), len(local),
                       0)
    path.write_bytes(bytes(local + central + end))
    return path
