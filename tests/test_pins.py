"""scripts/pins.py reads the pins from requirements files as pip reads them."""

from __future__ import annotations

import pytest

from scripts import pins


def read(tmp_path, text: str) -> dict[str, str]:
    path = tmp_path / "requirements.txt"
    path.write_text(text)
    return pins.read_pins(path)


def test_exact_versions_are_pins_under_their_normalised_names(tmp_path):
    text = (
        "# a comment line\n"
        "torch==2.13.0  # the CPU build\n"
        "Huggingface_Hub == 2.4.0\n"
        "mkdocs-material===9.8.1\n"
        "ruff>=0.17\n"  # a floating tool is not a pin
        "--extra-index-url https://download.example/cpu\n"
        "numpy==2.4.6 \\\n"
        "    --hash=sha256:0123456789abcdef\n"
        'tomli==2.0.1; python_version < "3.0"\n'  # a marker that does not hold here
        "pkg @ https://example.com/pkg-1.0.tar.gz#egg=pkg\n"
        "\n"
    )
    assert read(tmp_path, text) == {"torch": "2.13.0", "huggingface-hub": "2.4.0", "mkdocs-material": "9.8.1", "numpy": "2.4.6"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("torch==2.13.0\ntransformers=5.24.0\n", r"requirements.txt:2: not a requirement: 'transformers=5.24.0'"),
        ("torch==2.13.0\n\n-r other.txt\n", r"requirements.txt:3: -r is not supported here: list the pins in .*requirements.txt itself"),
        ("--constraint=c.txt\n", r"requirements.txt:1: --constraint is not supported"),
        ("torch==2.13.0\nTorch==2.12.0\n", r"requirements.txt:2: Torch is pinned again \(first on line 1\)"),
        ("torch==2.13.0 \\\n  [cpu\n", r"requirements.txt:1: not a requirement"),
    ],
)
def test_a_bad_line_is_named_with_its_file_and_line(tmp_path, text, message):
    with pytest.raises(pins.PinsError, match=message):
        read(tmp_path, text)


def test_the_project_requirements_pin_every_documented_library():
    for name in pins.STACKS:
        pinned = pins.pinned(name)
        assert set(pins.DOCUMENTED) <= set(pinned), name
        assert pins.documented_pins(name) == {library: pinned[library] for library in pins.DOCUMENTED}
