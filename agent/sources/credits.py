"""Credit lines a source's terms require wherever its data is shown (kept apart from the
adapters so the writers can credit a source without importing its HTTP and XML stack)."""

ARTIFICIAL_ANALYSIS_CREDIT = "Data: Artificial Analysis (artificialanalysis.ai)"
