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
    "gpu_pending_title": {"en": "GPU output pending", "zh": "GPU 输出待录制", "ko": "GPU 출력 기록 대기 중"},
    "gpu_pending": {
        "en": "This snippet has not been recorded on a GPU yet. It runs on CUDA machines only, so our "
        "CPU checks skip it; the output will appear here once it is recorded on a GPU.",
        "zh": "这段代码还没有在 GPU 上录制过输出。它只能在 CUDA 机器上运行，CPU 检查会跳过它；在 GPU 上录制之后，输出会显示在这里。",
        "ko": "이 코드는 아직 GPU에서 출력을 기록하지 않았습니다. CUDA 장비에서만 실행되므로 CPU 검사에서는 "
        "건너뜁니다. GPU에서 기록하면 이곳에 출력이 표시됩니다.",
    },
    "not_recorded": {
        "en": "No output recorded yet: run `python -m scripts.snippets record {path}`.",
        "zh": "尚未录制输出：请运行 `python -m scripts.snippets record {path}`。",
        "ko": "아직 기록된 출력이 없습니다. `python -m scripts.snippets record {path}`를 실행하세요.",
    },
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
