"""A version bump reports what a reader would notice and nothing else:
changes in words, numbers beyond tolerance and vanished list entries are
reported; line numbers inside the libraries, printed versions and added list
entries are not."""

from __future__ import annotations

import pytest

from scripts import version_watch
from scripts.pins import installed
from scripts.runner.compare import classify, same_output

META = {"device": "cpu", "transformers": "5.23.0", "peft": "0.21.2", "torch": "2.13.0+cpu"}
WARNING = "<site-packages>/transformers/modeling_utils.py:3303: FutureWarning: `x` is deprecated.\n  warnings.warn(\nloss 0.6931\n"
CLASSES = "Model type should be one of BartConfig, LEDConfig, MarianConfig, MBartConfig, PegasusConfig, T5Config.\n"


def _installed_transformers() -> str:
    return installed("transformers")


@pytest.mark.parametrize(
    ("recorded", "now", "kind"),
    [
        (WARNING, WARNING, "same"),
        # The line number inside the library moved: noise.
        (WARNING, WARNING.replace(":3303:", ":3312:"), "noise"),
        # The same warning from another module is a change.
        (WARNING, WARNING.replace("modeling_utils.py:3303", "configuration_utils.py:3303"), "changed"),
        # A word of the message changed.
        (WARNING, WARNING.replace("deprecated", "removed"), "changed"),
        # A number within the tolerance, and beyond it.
        (WARNING, WARNING.replace("0.6931", "0.6932"), "tolerance"),
        (WARNING, WARNING.replace("0.6931", "0.7931"), "changed"),
        # A frame line of the snippet's own file stays significant.
        ('File "<workdir>/s.py", line 3\n', 'File "<workdir>/s.py", line 4\n', "changed"),
        (
            'File "<site-packages>/torch/nn/functional.py", line 3\n',
            'File "<site-packages>/torch/nn/functional.py", line 40\n',
            "noise",
        ),
        # A long enumeration that gained an entry, and one that lost one.
        (CLASSES, CLASSES.replace("LEDConfig, ", "LEDConfig, LongT5Config, "), "noise"),
        (CLASSES, CLASSES.replace("LEDConfig, ", ""), "changed"),
        (CLASSES, CLASSES.replace("LEDConfig", "LedConfig"), "changed"),
    ],
)
def test_what_a_bump_reports(recorded, now, kind):
    assert classify(recorded, now, 2e-4, META) == kind
    assert same_output(recorded, now, 2e-4, recorded_meta=META) == (kind != "changed")


def test_a_printed_version_of_the_stack_is_not_a_change():
    recorded = "transformers: 5.23.0\ntorch: 2.13.0+cpu\nas strings: 5.23.0 >= 5.3.0 -> False\n"
    now = recorded.replace("5.23.0", _installed_transformers()).replace("2.13.0+cpu", installed("torch"))
    assert classify(recorded, now, 2e-4, META) in ("same", "noise")
    # A version that is not the installed one is a change: it is part of what the snippet says.
    assert classify(recorded, recorded.replace("5.3.0", "5.4.0"), 2e-4, META) == "changed"
    assert classify("needs accelerate>=0.26.0\n", "needs accelerate>=1.0.0\n", 2e-4, META) == "changed"


def test_without_the_recording_header_versions_stay_significant():
    assert not same_output("transformers 5.23.0\n", "transformers 5.23.1\n", tolerance=2e-4)


def test_the_report_puts_real_changes_first():
    findings = [
        version_watch.Finding("snippets/a.py [CPU]", "noise", "diff a"),
        version_watch.Finding("snippets/b.py [CPU]", "changed", "--- b (recorded)\n+++ b (this run)\n-old\n+new"),
        version_watch.Finding("snippets/c.py [CPU]", "tolerance", "diff c"),
        version_watch.Finding("snippets/d.py [CPU]", "same"),
        version_watch.Finding("docs/training/debugging-pipeline.ipynb", "changed", "cell 3 differs"),
    ]
    gone = [version_watch.Finding("ValueError: gone", "gone", "not found in the installed libraries")]
    text = version_watch.report(findings, gone)
    assert "**2 of 5 documented outputs changed for readers; 1 documented errors are no longer emitted.**" in text
    table = text[text.index("| what | change |") :]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert rows[:2] == ["| snippets/b.py [CPU] | changed in words |", "| docs/training/debugging-pipeline.ipynb | changed in words |"]
    assert "| ValueError: gone | no longer emitted |" in rows
    assert "| snippets/c.py [CPU] | changed within tolerance |" in rows
    # Noise is counted, never listed or diffed.
    assert "snippets/a.py" not in text and "diff a" not in text
    assert text.index("## snippets/b.py") < text.index("## snippets/c.py")


NOTEBOOK_TRACE = """[... 13 frames left out ...]

File <site-packages>/transformers/models/bert/modeling_bert.py:637, in BertModel.forward(self, input_ids, past_key_values)
    620 @merge_with_config_defaults
   (...)    634     **kwargs: Unpack[TransformersKwargs],
    636     if (input_ids is None) ^ (inputs_embeds is not None):
--> 637         raise ValueError("You must specify exactly one of input_ids or inputs_embeds")
    639     if self.config.is_decoder:

ValueError: You must specify exactly one of input_ids or inputs_embeds
"""


def test_a_notebook_library_frame_is_compared_by_its_file_and_function():
    moved = (
        NOTEBOOK_TRACE.replace("13 frames", "14 frames")
        .replace(":637, in BertModel.forward(self, input_ids, past_key_values)", ":641, in BertModel.forward(self, input_ids, cache)")
        .replace("    636 ", "    640 ")
        .replace("--> 637 ", "--> 641 ")
    )
    assert classify(NOTEBOOK_TRACE, moved, 2e-4, META) == "noise"
    assert classify(NOTEBOOK_TRACE, moved.replace("BertModel.forward", "BertEncoder.forward"), 2e-4, META) == "changed"
    assert classify(NOTEBOOK_TRACE, moved.replace("exactly one of", "one of"), 2e-4, META) == "changed"
