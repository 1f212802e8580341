"""scripts/cache.py: the content-hash cache every tool keeps under .cache/."""

from __future__ import annotations

import json
import threading

import pytest

from scripts.cache import HashCache, digest, tree_digest


def test_digest_keeps_its_parts_apart():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("ab", b"c") == digest(b"ab", "c")
    assert len(digest()) == 64


def test_tree_digest_follows_names_and_contents(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.bin").write_bytes(b"1")
    first = tree_digest(tmp_path)
    (tmp_path / "a" / "x.bin").write_bytes(b"2")
    second = tree_digest(tmp_path)
    (tmp_path / "a" / "x.bin").rename(tmp_path / "a" / "y.bin")
    assert len({first, second, tree_digest(tmp_path)}) == 3


def test_entries_survive_a_new_process(tmp_path):
    path = tmp_path / "deep" / "cache.json"
    cache = HashCache(path)
    assert len(cache) == 0
    cache["x[cpu]"] = digest("inputs")
    cache.save()
    assert json.loads(path.read_text()) == {"x[cpu]": digest("inputs")}
    again = HashCache(path)
    assert again.get("x[cpu]") == digest("inputs") and "x[cpu]" in again and list(again) == ["x[cpu]"]


@pytest.mark.parametrize("content", ["[1, 2]", '{"a": 1}', '"text"', "{not json", '{"scope": "s", "entries": {}}'])
def test_a_corrupt_or_foreign_file_is_noted_and_replaced(tmp_path, capsys, content):
    path = tmp_path / "cache.json"
    path.write_text(content)
    cache = HashCache(path, label="snippet cache")
    assert cache.entries == {}
    assert f"note: {path}" in capsys.readouterr().err
    cache["x"] = "abc"
    cache.save()
    assert json.loads(path.read_text()) == {"x": "abc"}
    assert capsys.readouterr().err == ""  # saving over it says nothing more


def test_a_directory_in_place_of_the_file_is_noted_and_left_alone(tmp_path, capsys):
    path = tmp_path / "cache.json"
    path.mkdir()
    cache = HashCache(path, label="help cache")
    cache["x"] = "abc"
    cache.save()
    assert "is a directory, not the help cache" in capsys.readouterr().err
    assert path.is_dir() and list(path.iterdir()) == []


def test_values_of_another_type_are_refused(tmp_path):
    cache = HashCache(tmp_path / "c.json", value_type=list)
    with pytest.raises(TypeError, match="a value must be list, not str"):
        cache["x"] = "abc"


def test_a_file_of_another_scope_is_outdated_without_a_note(tmp_path, capsys):
    path = tmp_path / "help.json"
    old = HashCache(path, scope="pip=24")
    old["pip --help"] = "old"
    old.save()
    assert json.loads(path.read_text()) == {"scope": "pip=24", "entries": {"pip --help": "old"}}
    assert HashCache(path, scope="pip=24").get("pip --help") == "old"
    new = HashCache(path, scope="pip=25")
    assert new.entries == {}
    new["pip --help"] = "new"
    new.save()
    assert json.loads(path.read_text()) == {"scope": "pip=25", "entries": {"pip --help": "new"}}
    assert capsys.readouterr().err == ""
    path.write_text('{"pip --help": "unscoped"}')
    assert HashCache(path, scope="pip=25").entries == {}
    assert "expected an object with 'scope' and 'entries'" in capsys.readouterr().err


def test_saving_keeps_what_another_run_saved_meanwhile(tmp_path):
    path = tmp_path / "cache.json"
    seed = HashCache(path)
    seed["a"], seed["b"] = "1", "1"
    seed.save()
    first, second = HashCache(path), HashCache(path)
    first["a"] = "2"
    first.save()
    second["c"] = "3"
    del second["b"]
    second.save()
    assert json.loads(path.read_text()) == {"a": "2", "c": "3"}
    assert second.entries == {"a": "2", "c": "3"}


def test_a_failed_save_is_noted(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    cache = HashCache(tmp_path / "file" / "cache.json", label="snippet cache")
    cache["x"] = "abc"
    cache.save()
    assert "could not save the snippet cache" in capsys.readouterr().err


def test_concurrent_saves_leave_one_whole_file(tmp_path):
    path = tmp_path / "cache.json"
    errors = []

    def save(n: int) -> None:
        try:
            cache = HashCache(path)
            cache[f"k{n}"] = str(n)
            cache.save()
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = json.loads(path.read_text())
    assert stored and all(stored[key] == key[1:] for key in stored)
    assert [p.name for p in tmp_path.iterdir()] == ["cache.json"]  # no temporary file left
