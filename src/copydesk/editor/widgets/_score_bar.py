"""The score bar: chrF, BLEU and TER against the references, or why there are none."""

from __future__ import annotations

from textual.widgets import Static


class ScoreBar(Static):
    """One line; hidden when no reference was given."""

    def show_scores(self, summary: str, stale: bool = False) -> None:
        self.set_class(stale, "-stale")
        self.set_class(summary.startswith("cannot score"), "-problem")
        self.update(summary)
