"""The open case, shared by every page: one place that opens, changes and closes it.

Pages read through :attr:`Session.case` and the core's listing functions, and change the case
only through the methods here, which emit :attr:`Session.changed` so every view refreshes.

Findings are computed on a worker thread (:mod:`evidence_logger.gui.findings_feed`) each time
the case is opened or changes; :meth:`Session.findings` never waits for them: it returns None
while they are being recomputed, and ``findings_ready()`` says when they are there.

Signals: ``opened()`` (a case was opened or closed), ``changed()`` (its content changed),
``language_changed()``, ``findings_ready()`` (the findings of the case as it is now are in).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from evidence_logger.gui.findings_feed import FindingsFeed

if TYPE_CHECKING:  # the database and the rules load with the first case, after the window is up
    from evidence_logger.case import Case
    from evidence_logger.placing import Placed
    from evidence_logger.rules.engine import Finding
    from evidence_logger.rules.profile import Profile

log = logging.getLogger(__name__)


class Session(QObject):
    opened = Signal()
    changed = Signal()
    language_changed = Signal()
    findings_ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case: Case | None = None
        self._findings: list[Finding] | None = None
        self.findings_problem: str | None = None  # why the last evaluation failed
        self._feed = FindingsFeed(self)
        self._feed.ready.connect(self._findings_in)
        self._feed.failed.connect(self._findings_failed)

    # -- opening ------------------------------------------------------------------------

    def open(self, folder: Path) -> Case:
        """Open the case in ``folder`` (raises CaseError with a sentence for the user)."""
        from evidence_logger.case import Case

        case = Case.open(folder)
        self._replace(case)
        return case

    def create(self, folder: Path, *, name: str, timezone: str, profile: str) -> Case:
        from evidence_logger.case import Case

        case = Case.create(folder, name=name, timezone=timezone, profile=profile)
        self._replace(case)
        return case

    def adopt(self, case: Case) -> None:
        """Show a case opened elsewhere (a bundle opened by a task, the sample case)."""
        self._replace(case)

    def close(self) -> None:
        self._replace(None)

    def _replace(self, case: Case | None) -> None:
        self._feed.cancel()  # an evaluation of the case before is dropped
        if self.case is not None:
            self.case.close()
        self.case = case
        self._recompute()
        self.opened.emit()

    @property
    def read_only(self) -> bool:
        """Nothing may change: opened read-only, from a bundle, or the sample case."""
        return self.case is not None and (self.case.read_only or self.case.read_only_bundle
                                          or self.case.sample)

    # -- reading ------------------------------------------------------------------------

    def findings(self) -> list[Finding] | None:
        """The rule engine's findings of the case as it is now, or None while they are being
        recomputed (on a worker thread; ``findings_ready`` follows). Never waits."""
        if self.case is None:
            return []
        return self._findings

    def _recompute(self) -> None:
        """The case changed: its findings are computed again, superseding any under way."""
        self._findings, self.findings_problem = None, None
        if self.case is not None:
            self._feed.request(self.case.folder)

    def _findings_in(self, _generation: int, found: list[Finding] | None) -> None:
        self._findings = found if found is not None else []
        self.findings_ready.emit()

    def _findings_failed(self, _generation: int, error: Exception) -> None:
        log.error("the findings could not be computed", exc_info=error)
        self._findings, self.findings_problem = [], str(error) or type(error).__name__
        self.findings_ready.emit()

    def profile(self) -> Profile:
        from evidence_logger.rules.profile import case_profile

        assert self.case is not None
        return case_profile(self.case.db, self.case.profile)

    # -- changing -----------------------------------------------------------------------

    def notify_changed(self) -> None:
        """The case changed behind the session's back (an import finished)."""
        self._recompute()
        self.changed.emit()

    def set_parties(self, numbers: list[str], *, role: str, platform: str | None = None,
                    relation: str | None = None) -> None:
        self._write_parties([{"number": n, "role": role, "platform": platform,
                              "relation": relation} for n in numbers], "user")

    def restore_parties(self, before: list[dict[str, Any]]) -> None:
        """Put back what these parties were (undoing a change of their roles)."""
        self._write_parties(before, "undo")

    def _write_parties(self, rows: list[dict[str, Any]], reason: str) -> None:
        from evidence_logger import parties  # phone-number parsing loads on first use

        assert self.case is not None
        for row in rows:
            parties.set_party(self.case.db, row["number"], self.case.region, role=row["role"],
                              platform=row["platform"], relation=row["relation"],
                              reason=reason)
        self.notify_changed()

    def add_debt(self, **fields: Any) -> int:
        """Record a debt (raises DebtError with a sentence for the user); returns its id."""
        from evidence_logger import debts

        assert self.case is not None
        debt_id = debts.add_debt(self.case.db, **fields)
        self.notify_changed()
        return debt_id

    def rank_debt(self, debt_id: int, rank: int | None) -> None:
        """Put a debt in the borrower's own place in the order (None: the app's order)."""
        from evidence_logger import debts

        assert self.case is not None
        debts.set_rank(self.case.db, debt_id, rank)
        self.notify_changed()

    def add_negotiation(self, **fields: Any) -> int:
        """Record a negotiation (raises NegotiationError with a sentence); returns its id."""
        from evidence_logger.way_out.negotiations import add_negotiation

        assert self.case is not None
        negotiation_id = add_negotiation(self.case.db, **fields)
        self.notify_changed()
        return negotiation_id

    def set_budget(self, **fields: Any) -> None:
        """Change the repayment plan's budget (raises BudgetError with a sentence)."""
        from evidence_logger.way_out.budget import set_budget

        assert self.case is not None
        set_budget(self.case.db, **fields)
        self.notify_changed()

    def change_provenance(self, action: str, **fields: Any) -> Any:
        """Record a phone ("add_device"), an export ("add_extraction"), the declarant and
        where the phones are kept ("set_statement"), or remove one ("remove", what=, item_id=)
        (raises ProvenanceError with a sentence for the user)."""
        from evidence_logger import provenance

        assert self.case is not None
        if action == "add_device":
            fields.setdefault("region", self.case.region)
        result = getattr(provenance, action)(self.case.db, **fields)
        self.notify_changed()
        return result

    def set_threshold(self, key: str, text: str) -> Any:
        """Set the case's ``RULE.PARAM`` threshold from what was typed (raises
        RuleSettingError with a sentence for the user); returns the value stored."""
        from evidence_logger.rules.profile import set_param

        assert self.case is not None
        value = set_param(self.case.db, self.case.profile, key, text)
        log.info("threshold %s set to %r", key, value)
        self.notify_changed()
        return value

    def place_recording(self, ref: str, *, number: str, at_ms: int) -> Placed:
        """Place an unplaced recording on a call with ``number`` begun at ``at_ms`` (raises
        PlaceError or CaseError with a sentence for the user)."""
        from evidence_logger import placing

        assert self.case is not None
        placed = placing.place(self.case, ref, number=number, at_ms=at_ms)
        self.notify_changed()
        return placed

    def correct_transcript(self, sha256: str, seq: int, text: str) -> None:
        """The borrower's correction of a recording's transcript segment (empty: withdrawn);
        the machine's text stays beside it."""
        from evidence_logger.speech.store import correct

        assert self.case is not None
        correct(self.case.db, sha256, seq, text)
        self.notify_changed()

    def confirm_attribution(self, number: str, platform: str) -> None:
        """Confirm the suggested links of ``number`` to ``platform`` (号码归属; raises
        AttributionError with a sentence for the user)."""
        from evidence_logger import attribution

        assert self.case is not None
        attribution.confirm(self.case.db, number, platform=platform)
        self.notify_changed()

    def state_attribution(self, number: str, platform: str, statement: str) -> None:
        """The borrower's own words on why ``number`` is ``platform``'s."""
        from evidence_logger import attribution

        assert self.case is not None
        attribution.record_statement(self.case.db, number, platform, statement)
        self.notify_changed()
