"""Words the build hooks add to pages, in each locale. Written by people who
read the language, not machine-translated; keep them short."""

from __future__ import annotations

TEXTS = {
    "output": {"en": "Output", "zh": "输出", "ko": "출력"},
    "run_with_env": {
        "en": "Run with these environment variables set: {env}",
        "zh": "运行时设置了以下环境变量：{env}",
        "ko": "다음 환경 변수를 설정하고 실행했습니다: {env}",
    },
    "verified": {
        "en": "Verified on {device} with {versions}.",
        "zh": "已在 {device} 上用 {versions} 运行验证。",
        "ko": "{versions} 환경의 {device}에서 실행해 검증했습니다.",
    },
    "same_on_all": {
        "en": "Same output on CPU and GPU (within the comparison tolerance).",
        "zh": "CPU 与 GPU 的输出一致（在比较容差之内）。",
        "ko": "CPU와 GPU의 출력이 같습니다(비교 허용 오차 이내).",
    },
    "same_on_versions": {
        "en": "{other} prints the same output as {current} (within the comparison tolerance).",
        "zh": "{other} 打印的输出与 {current} 相同（在比较容差之内）。",
        "ko": "{other}의 출력은 {current}의 출력과 같습니다(비교 허용 오차 이내).",
    },
    "differs_between_versions": {
        "en": "The output differs between {current} and {other}: pick the tab of the version you run.",
        "zh": "{current} 与 {other} 的输出不同，请选择与你所用版本对应的标签页。",
        "ko": "{current}의 출력과 {other}의 출력이 다릅니다. 사용 중인 버전의 탭을 고르세요.",
    },
    "no_error_on": {
        "en": "{version} runs this program without raising an error.",
        "zh": "在 {version} 中，这段程序运行时不会报错。",
        "ko": "{version}에서는 이 프로그램이 오류 없이 실행됩니다.",
    },
    "gpu_pending_title": {"en": "GPU output pending", "zh": "GPU 输出待录制", "ko": "GPU 출력 기록 대기 중"},
    "gpu_pending": {
        "en": "This snippet has not been recorded on a GPU yet. It runs on CUDA machines only, so our "
        "CPU checks skip it; the output will appear here once it is recorded on a GPU.",
        "zh": "这段代码还没有在 GPU 上录制过输出。它只能在 CUDA 机器上运行，CPU 检查会跳过它；在 GPU 上录制之后，输出会显示在这里。",
        "ko": "이 코드는 아직 GPU에서 출력을 기록하지 않았습니다. CUDA 장비에서만 실행되므로 CPU 검사에서는 "
        "건너뜁니다. GPU에서 기록하면 이곳에 출력이 표시됩니다.",
    },
    "not_recorded": {
        "en": "No output recorded yet: run `python -m scripts.runner record {path}`.",
        "zh": "尚未录制输出：请运行 `python -m scripts.runner record {path}`。",
        "ko": "아직 기록된 출력이 없습니다. `python -m scripts.runner record {path}`를 실행하세요.",
    },
    "errors_count": {
        "en": "The index explains **{n}** errors, each on its own page with the error as the pinned versions print it "
        "and a fix that was run.",
        "zh": "索引共收录 **{n}** 个错误。每个错误单独成页，列出锁定版本打印的原始错误信息，以及实际运行过的修复方法。",
        "ko": "색인에는 오류 **{n}**개가 실려 있습니다. 오류마다 페이지가 따로 있으며, "
        "고정 버전이 출력하는 오류 메시지 그대로와 실제로 실행해 본 해결 방법을 담고 있습니다.",
    },
    "errors_error": {"en": "Error", "zh": "错误", "ko": "오류"},
    "errors_meaning": {"en": "What it means", "zh": "含义", "ko": "의미"},
    "versions_header": {"en": ("Library", "Version"), "zh": ("库", "版本"), "ko": ("라이브러리", "버전")},
    "not_runnable_title": {"en": "Not run by our checks", "zh": "未经自动运行验证", "ko": "자동 검증 대상 아님"},
    "untranslated_title": {"en": "Not translated yet", "zh": "本页尚未翻译", "ko": "아직 번역되지 않은 페이지"},
    "untranslated": {
        "en": "",
        "zh": "这一页还没有中文版本，下面显示的是英文原文。代码和输出与英文页面完全相同。",
        "ko": "이 페이지는 아직 한국어로 번역되지 않아 영어 원문을 보여 드립니다. 코드와 출력은 영어 페이지와 똑같습니다.",
    },
}


def text(key: str, locale: str, **values: str):
    entry = TEXTS[key]
    value = entry.get(locale, entry["en"])
    return value.format(**values) if isinstance(value, str) else value


# The error lookup page (scripts/hooks/error_catalogue.py and
# docs/assets/javascripts/error-lookup.js fill in {n} and {link}).
TEXTS.update(
    {
        "lookup_label": {
            "en": "Paste an error message or a whole traceback",
            "zh": "粘贴报错信息，或者整段 traceback",
            "ko": "오류 메시지나 트레이스백 전체를 붙여 넣으세요",
        },
        "lookup_placeholder": {
            "en": "Traceback (most recent call last):\n  ...\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate ...",
        },
        "lookup_count_one": {
            "en": "1 section explains this error:",
            "zh": "有 1 个小节讲解了这个错误：",
            "ko": "이 오류를 설명하는 섹션이 1개 있습니다.",
        },
        "lookup_count_other": {
            "en": "{n} sections explain this error, best match first:",
            "zh": "有 {n} 个小节讲解了这个错误，最匹配的排在最前：",
            "ko": "이 오류를 설명하는 섹션이 {n}개 있습니다. 가장 잘 맞는 섹션부터 보여 드립니다.",
        },
        "lookup_none": {
            "en": "No section of this site explains this error. {link}",
            "zh": "本站还没有讲解这个错误的小节。{link}",
            "ko": "이 사이트에는 아직 이 오류를 설명하는 섹션이 없습니다. {link}",
        },
        "lookup_next": {"en": "What you can do instead", "zh": "可以怎么做", "ko": "다른 방법 보기"},
        "lookup_search": {"en": "Search the site for it", "zh": "用全站搜索查找", "ko": "사이트 검색으로 찾기"},
        "lookup_loading": {"en": "Loading the list of errors…", "zh": "正在加载错误列表……", "ko": "오류 목록을 불러오는 중입니다…"},
        "lookup_failed": {
            "en": "The list of errors could not be loaded. Use the search box at the top of the page instead.",
            "zh": "错误列表加载失败，请改用页面顶部的搜索框。",
            "ko": "오류 목록을 불러오지 못했습니다. 페이지 위쪽의 검색 상자를 이용하세요.",
        },
        "lookup_size": {
            "en": "{n} errors and warnings from the examples on this site can be looked up.",
            "zh": "可以查到本站示例中出现的 {n} 个错误和警告。",
            "ko": "이 사이트의 예제에 나오는 오류와 경고 {n}개를 찾아볼 수 있습니다.",
        },
        "lookup_also": {"en": "Also explained in:", "zh": "另见：", "ko": "함께 볼 곳:"},
        "lookup_shown": {"en": "The error as our example printed it", "zh": "示例打印出的错误", "ko": "예제가 출력한 오류"},
        "lookup_noscript": {
            "en": "The lookup runs in your browser and needs JavaScript. Without it, use the search box at the top of the page.",
            "zh": "速查在浏览器里运行，需要启用 JavaScript。无法启用时，请使用页面顶部的搜索框。",
            "ko": "오류 찾기는 브라우저에서 실행되므로 JavaScript가 필요합니다. "
            "JavaScript를 쓸 수 없다면 페이지 위쪽의 검색 상자를 이용하세요.",
        },
    }
)
