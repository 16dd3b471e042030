import hashlib
import os

from evidence_logger.vault import Vault


def test_stage_hashes_while_copying_and_commit_places_read_only(tmp_path):
    source = tmp_path / "通话录音@10086(10086)_20191104110052.mp3"
    data = os.urandom(3 * (1 << 20) + 17)
    source.write_bytes(data)
    os.utime(source, (1_600_000_000, 1_600_000_000))
    vault = Vault(tmp_path / "originals")
    vault.create()
    staged = vault.stage(source)
    assert staged.sha256 == hashlib.sha256(data).hexdigest()
    assert staged.size == len(data)
    assert staged.path.name == source.name  # readers see the borrower's file name
    assert staged.path.stat().st_mtime == 1_600_000_000
    final = vault.commit(staged)
    assert final == vault.path(staged.sha256)
    assert final.read_bytes() == data
    assert not os.access(final, os.W_OK) or os.geteuid() == 0
    assert oct(final.stat().st_mode & 0o777) == "0o444"
    assert list(vault.staging.iterdir()) == []
    assert source.read_bytes() == data  # the source is untouched


def test_sweep_removes_leftovers_and_unreferenced_files(tmp_path):
    vault = Vault(tmp_path / "originals")
    vault.create()
    (tmp_path / "a").write_bytes(b"kept")
    (tmp_path / "b").write_bytes(b"orphan")
    kept = vault.commit(vault.stage(tmp_path / "a"))
    orphan = vault.commit(vault.stage(tmp_path / "b"))
    half = vault.stage(tmp_path / "a")  # an import that never finished ...
    dead = half.path.parent.with_name("4194303-" + half.path.parent.name.split("-", 1)[1])
    half.path.parent.rename(dead)  # ... in a process that is gone
    live = vault.stage(tmp_path / "b")  # an import this process is running now
    removed = vault.sweep({kept.name})
    assert kept.exists() and not orphan.exists() and not dead.exists()
    assert live.path.exists()
    vault.discard(live)
    assert orphan.name in removed
    assert list(vault.staging.iterdir()) == []


def test_staging_names_are_safe(tmp_path):
    vault = Vault(tmp_path / "originals")
    for name in ["..", "../../evil", "a/b", "x\x00y", ""]:
        staged = vault.stage_bytes(b"data", name)
        assert staged.path.parent.parent == vault.staging
        vault.discard(staged)
