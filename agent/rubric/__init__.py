"""The house-voice rubric: versioned data (``prompts/rubric.toml``), lints and ``desk lint``.

* ``rubric``: pydantic models of the rubric file and ``load_rubric``.
* ``document``: the essay as the lints see it (paragraphs, sentences, by-line) and
  ``parse_essay_text``.
* ``checks``: one small function per lint, registered by id.
* ``lints``: ``lint_essay`` / ``lint_text``, which run every rubric rule through its check.
* ``cli``: ``desk lint FILE [--json]``.

Submodules are imported explicitly so ``desk --help`` never pays for pysbd or the phrase lists.
"""
