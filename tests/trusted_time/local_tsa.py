"""A time-stamp authority for tests: OpenSSL's ``ts -reply`` with a CA made here, behind a
loopback HTTP server.

:class:`LocalTsa` makes a root CA and a TSA certificate (``extendedKeyUsage = critical,
timeStamping``) with ``cryptography``, then answers every POST with what ``openssl ts -reply``
makes of the request. ``mode`` says how it misbehaves: ``ok``, ``refuse`` (HTTP 503),
``reject`` (a TimeStampResp with status rejection), ``garbage`` (bytes that are no answer),
``slow`` (answers after ``delay`` seconds), ``wrong-data`` (a good token for other data),
``cut`` (the connection closes before the answer is complete).
"""

from __future__ import annotations

import datetime
import hashlib
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CONFIG = """\
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def openssl_present() -> bool:
    return shutil.which("openssl") is not None


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca(folder: Path, label: str, *, expired: bool = False) -> tuple[Path, Path, Path]:
    """A root CA and a TSA certificate under it, as PEM files: (root, tsa cert, tsa key).
    ``expired``: the TSA certificate's validity ended a year ago."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (x509.CertificateBuilder().subject_name(_name(f"{label} Root CA"))
            .issuer_name(_name(f"{label} Root CA")).public_key(root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=800))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256()))
    tsa_key = ec.generate_private_key(ec.SECP256R1())
    start, end = ((now - datetime.timedelta(days=700), now - datetime.timedelta(days=365))
                  if expired else (now - datetime.timedelta(days=1),
                                   now + datetime.timedelta(days=365)))
    cert = (x509.CertificateBuilder().subject_name(_name(f"{label} TSA"))
            .issuer_name(root.subject).public_key(tsa_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                           critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    paths = (folder / "root.pem", folder / "tsa.pem", folder / "tsa.key")
    paths[0].write_bytes(root.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(tsa_key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return paths


class LocalTsa:
    """The server; use as a context manager. ``url``, ``root`` (the CA's PEM file), ``mode``,
    ``requests`` (how many it was sent)."""

    def __init__(self, folder: Path, *, label: str = "Test", expired: bool = False) -> None:
        self.folder = folder
        self.root, self.cert, self.key = make_ca(folder / "ca", label, expired=expired)
        (folder / "serial").write_text("01\n")
        self.config = folder / "tsa.cnf"
        self.config.write_text(CONFIG.format(dir=folder))
        self.mode = "ok"
        self.delay = 3.0
        self.requests = 0
        self._lock = threading.Lock()
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                tsa.requests += 1
                status, data = tsa.answer(body)
                self.send_response(status)
                self.send_header("Content-Type", "application/timestamp-reply")
                cut = tsa.mode == "cut"  # promise the whole answer, send half of it, close
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data[:len(data) // 2] if cut else data)
                except OSError:  # the client gave up (timeout test)
                    pass
                if cut:
                    self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsr"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalTsa:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)

    def answer(self, body: bytes) -> tuple[int, bytes]:
        if self.mode == "refuse":
            return 503, b"busy"
        if self.mode == "garbage":
            return 200, b"\x30\x03\x02\x01\x07 this is no timestamp"
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "wrong-data":
            body = self._query(hashlib.sha256(b"other data").hexdigest())
        return 200, self.reply(body, reject=self.mode == "reject")

    def _query(self, digest: str) -> bytes:
        return subprocess.run(["openssl", "ts", "-query", "-digest", digest, "-sha256",
                               "-cert"], check=True, capture_output=True).stdout

    def reply(self, query: bytes, *, reject: bool = False) -> bytes:
        with self._lock:
            request = self.folder / "request.tsq"
            request.write_bytes(query if not reject else b"not a request")
            out = self.folder / "reply.tsr"
            result = subprocess.run(
                ["openssl", "ts", "-reply", "-config", str(self.config), "-section",
                 "tsa_config", "-queryfile", str(request), "-signer", str(self.cert),
                 "-inkey", str(self.key), "-out", str(out)],
                capture_output=True)
            if result.returncode != 0 and not out.exists():
                raise RuntimeError(result.stderr.decode())
            return out.read_bytes()
