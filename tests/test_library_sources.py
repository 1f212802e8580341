"""scripts/library_sources.py: which files an installed library has, and the
results computed from them, cached until the installed versions change."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from scripts import library_sources


def install(site: Path, name: str, version: str, files: dict[str, str]) -> None:
    """A package `name` with `files`, installed by a distribution of the same name."""
    for relative, text in files.items():
        path = site / name / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    info = site / f"{name}-{version}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "top_level.txt").write_text(f"{name}\n")


@pytest.fixture
def site(tmp_path, monkeypatch):
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setattr(library_sources, "CACHE_FOLDER", tmp_path / "cache")
    library_sources.forget()
    yield folder
    library_sources.forget()


def test_a_library_is_its_package_folder_and_the_distribution_that_installs_it(site):
    install(site, "fakelib", "1.2.3", {"__init__.py": "", "sub/mod.py": "X = 'FAKELIB_HOME'\n", "_ext.so": "\0", "notes.txt": ""})
    (library,) = library_sources.find(["fakelib"])
    assert library.roots == (site / "fakelib",)
    assert library.distributions == (("fakelib", "1.2.3"),)
    assert library.version == "1.2.3"
    assert [p.relative_to(site).as_posix() for p in library.python_files] == ["fakelib/__init__.py", "fakelib/sub/mod.py"]
    assert [p.name for p in library.binary_files] == ["_ext.so"]
    texts = dict(library_sources.python_sources(["fakelib"]))
    assert texts[site / "fakelib/sub/mod.py"] == "X = 'FAKELIB_HOME'\n"


def test_a_missing_library_is_left_out_or_named_when_required(site):
    install(site, "fakelib", "1.0", {"__init__.py": ""})
    assert [lib.name for lib in library_sources.find(["no_such_library_here", "fakelib"])] == ["fakelib"]
    with pytest.raises(library_sources.LibraryMissing, match="no_such_library_here is not installed"):
        library_sources.find(["fakelib", "no_such_library_here"], required=True)


def test_a_namespace_package_has_every_folder(site, tmp_path, monkeypatch):
    other = tmp_path / "other-site"
    for folder, part in ((site, "a"), (other, "b")):
        (folder / "fakens" / part).mkdir(parents=True)
        (folder / "fakens" / part / "__init__.py").write_text(f"PART = {part!r}\n")
    monkeypatch.syspath_prepend(str(other))
    library_sources.forget()
    (library,) = library_sources.find(["fakens"])
    assert set(library.roots) == {site / "fakens", other / "fakens"}
    assert {p.parent.name for p in library.python_files} == {"a", "b"}


def test_interpreter_binaries_include_the_running_interpreter():
    assert Path(sys.executable).resolve() in library_sources.interpreter_binaries()


def test_a_derived_result_is_computed_once_per_installed_version(site):
    install(site, "fakelib", "1.0", {"__init__.py": "A = 'ONE'\n"})
    calls = []

    def names(libraries):
        calls.append([lib.version for lib in libraries])
        return sorted(p.read_text().split("'")[1] for lib in libraries for p in lib.python_files)

    assert library_sources.derived("names", ["fakelib"], names) == ["ONE"]
    library_sources.forget()  # a new process
    assert library_sources.derived("names", ["fakelib"], names) == ["ONE"]
    assert calls == [["1.0"]]

    # An upgrade: other files under another version; the old result is not used.
    (site / "fakelib-1.0.dist-info").rename(site / "fakelib-2.0.dist-info")
    (site / "fakelib-2.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: fakelib\nVersion: 2.0\n")
    (site / "fakelib" / "__init__.py").write_text("A = 'TWO'\n")
    library_sources.forget()
    assert library_sources.derived("names", ["fakelib"], names) == ["TWO"]
    assert calls == [["1.0"], ["2.0"]]
    stored = json.loads((library_sources.CACHE_FOLDER / "names.json").read_text())
    assert stored["entries"] == {"fakelib": ["TWO"]}  # the outdated result is gone


def test_a_derived_result_needs_every_library_and_a_file_name_label(site):
    with pytest.raises(library_sources.LibraryMissing, match="no_such_library_here"):
        library_sources.derived("names", ["no_such_library_here"], lambda libraries: [])
    with pytest.raises(ValueError, match="must be lower-case letters"):
        library_sources.derived("../names", [], lambda libraries: [])


def test_the_fingerprint_follows_versions_and_places(site):
    install(site, "fakelib", "1.0", {"__init__.py": ""})
    before = library_sources.fingerprint(["fakelib"])
    assert library_sources.fingerprint(["fakelib"]) == before
    assert library_sources.fingerprint(["fakelib", "no_such_library_here"]) != before
    (site / "fakelib-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: fakelib\nVersion: 1.1\n")
    library_sources.forget()
    assert library_sources.fingerprint(["fakelib"]) != before


def test_the_pinned_libraries_are_found_with_their_sources():
    library_sources.forget()
    (torch,) = library_sources.find(["torch"], required=True)
    assert torch.version.split("+")[0] == __import__("torch").__version__.split("+")[0]
    assert (torch.roots[0] / "__init__.py").is_file()
    assert torch.distributions[0][0] == "torch"
