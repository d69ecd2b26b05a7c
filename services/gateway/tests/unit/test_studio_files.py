"""Which files the gateway serves as Studio's assets (no I/O beyond a temporary folder)."""

from __future__ import annotations

import gzip
from pathlib import Path

from jobsprint.gateway.studio import Studio, default_dir


def test_assets_are_only_files_directly_in_assets(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    (tmp_path / "index.html").write_text("<!DOCTYPE html>")
    (tmp_path / "secret.txt").write_text("no")
    studio = Studio(tmp_path)
    assert studio.asset("index-abc123.js") == (tmp_path / "assets" / "index-abc123.js").resolve()
    for name in ("../secret.txt", "..", "../index.html", "missing.js", "/etc/passwd"):
        assert studio.asset(name) is None, name
    assert studio.index() == b"<!DOCTYPE html>"


def test_gzip_is_made_once_and_reproducible(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    script = tmp_path / "assets" / "a.js"
    script.write_text("x" * 1000)
    studio = Studio(tmp_path)
    first = studio.gzipped(script)
    assert gzip.decompress(first) == b"x" * 1000
    assert studio.gzipped(script) is first


def test_without_a_build_there_is_no_index(tmp_path: Path) -> None:
    assert Studio(tmp_path / "nothing").index() is None


def test_the_default_folder_is_web_dist_of_the_tree() -> None:
    assert default_dir().parts[-2:] == ("web", "dist")
    assert (default_dir().parent / "package.json").exists()
