"""The claims ledger (docs/design.md §5): extraction, attribution, verification and the editor's order.

Modules, in pipeline order: ``numbers`` and ``entities`` (what a sentence asserts),
``attribute`` (BM25 over the day's items, verbatim quotes), ``extract`` (the deterministic
sentence-level extractor) and ``llm_extract`` (the LLM extractor), ``verify`` (offline checks and
the decision table) and ``entail`` (the LLM entailment check that can only add failures),
``ordering`` (unsupported first) and ``cli`` (``desk verify``). Import from the modules; this
package imports nothing so that ``agent.claims.numbers`` stays cheap for its other users.
"""
