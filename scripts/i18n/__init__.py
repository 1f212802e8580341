"""Translation integrity for docs/: which translations are current, stale or missing,
and whether each keeps the English page's structure.

    python -m scripts.i18n status [--strict] [--allow-stale PATH ...]
    python -m scripts.i18n parity [PATH ...]
    python -m scripts.i18n glossary [PATH ...]
    python -m scripts.i18n mark PATH [PATH ...] [--force]
    python -m scripts.i18n mark --all-unmarked
    python -m scripts.i18n prune

`status` lists every translation as current, stale (with a diff of the English page since
the translation was marked) or missing, then runs `parity` on the English pages and on the
translations that are not stale. `--strict` exits 1 on missing or stale (not allowed) pages,
translations without an English page, and parity findings. `parity PATH` checks the named
pages whatever their state; `mark` runs it first and refuses on findings unless `--force`.
`glossary` reports, in every translation (or the named ones), each variant that
scripts/i18n/glossary.yml rejects in favour of its one preferred term, as
`docs/x.zh.md:12: uses 批次大小; the glossary term is 批大小`; code, links and quoted text are
skipped. `status` runs it too, and `--strict` fails on its findings.

Front matter keys:

- `source_hash: 3f2a9c1b7d0e` (translation, written by `mark`): the English text it translates.
- `allow_stale: true` or `allow_stale: "reason"` (translation): `status --strict` accepts it
  being stale; readers still see the notice. `mark` removes it.
- `translation: none` (English page): not meant to be translated; nothing is tracked.

A line in a translation that is English on purpose can end with `<!-- keep-english -->`.

The logic lives in `tracking` (hashes, snapshots, status, mark) and `parity` (structure
checks); the CLI (`__main__`) and the MkDocs hook (scripts/hooks/translation_notices.py)
both use them.
"""
