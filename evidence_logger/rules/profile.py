"""Rule profiles: the rules of one jurisdiction as data, with a case's own thresholds.

A profile is ``resources/rules/<id>.toml`` (see docs/rule-profiles.md). Each rule names the
*check* that evaluates it and the check's parameters. A case may override parameters; the
overrides live in the case's ``rule_settings`` table and every change writes a custody entry.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import sqlite_utils

from evidence_logger import custody
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import Language
from evidence_logger.paths import resource

# check -> parameter -> type; the engine's contract with the profile files
CHECK_PARAMS: dict[str, dict[str, type]] = {
    "daily-calls": {"max_calls": int, "max_connected": int},
    "redial": {"max_unanswered": int},
    "quiet-hours": {"start": str, "end": str},
    "third-party": {"disclosure_lexicon": str},
    "lexicon": {"lexicon": str, "extra": list},
    "excess-interest": {"lpr_table": str, "multiple": float, "exempt_lender_types": list},
    "rolling-calls": {"max_calls": int, "days": int},
    "after-conversation": {"days": int, "min_conversation_s": int},
}
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class RuleSettingError(UserFacingError, ValueError):
    """A threshold cannot be set; the message is a sentence for the user."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a profile, with the parameters in force for a case."""

    id: str
    check: str
    severity: str
    status: str
    indicator: bool
    title: dict[str, str]
    explanation: dict[str, str]
    citation: dict[str, str]
    status_note: dict[str, str]
    params: dict[str, Any]
    defaults: dict[str, Any] = field(default_factory=dict)

    def text(self, what: str, lang: str) -> str:
        """``title``, ``explanation``, ``citation`` or ``status_note`` in ``lang``."""
        values: dict[str, str] = getattr(self, what)
        return values.get(Language.of(lang).short) or values.get("en", "")


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    name: dict[str, str]
    rules: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


@cache
def _profile_file(profile_id: str) -> dict[str, Any]:
    return tomllib.loads(resource("rules", f"{profile_id}.toml").read_text(encoding="utf-8"))


@cache
def load_table(table_id: str) -> dict[str, Any]:
    """A data table shipped with the rules (e.g. the LPR history ``lpr-cn``)."""
    return tomllib.loads(resource("rules", f"{table_id}.toml").read_text(encoding="utf-8"))


def load_profile(profile_id: str, overrides: dict[str, dict[str, Any]] | None = None) -> Profile:
    """The profile with a case's overrides (rule id -> param -> value) applied."""
    data = _profile_file(profile_id)
    rules = []
    for item in data["rule"]:
        defaults = dict(item.get("params", {}))
        params = {**defaults, **(overrides or {}).get(item["id"], {})}
        rules.append(Rule(
            id=item["id"], check=item["check"], severity=item["severity"],
            status=item["status"], indicator=bool(item.get("indicator", False)),
            title=item["title"], explanation=item["explanation"], citation=item["citation"],
            status_note=item.get("status_note", {}), params=params, defaults=defaults))
    return Profile(data["id"], data["name"], tuple(rules))


def case_overrides(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for rule_id, param, value in db.execute(
            "SELECT rule, param, value FROM rule_settings ORDER BY rule, param"):
        found.setdefault(rule_id, {})[param] = json.loads(value)
    return found


def case_profile(db: sqlite_utils.Database, profile_id: str) -> Profile:
    return load_profile(profile_id, case_overrides(db))


def parse_value(check: str, param: str, text: str) -> Any:
    """Turn a typed value into the parameter's type, or raise :class:`RuleSettingError`."""
    kind = CHECK_PARAMS[check][param]
    try:
        if kind is int:
            value: Any = int(text)
            if value < 0:
                raise ValueError(text)
        elif kind is float:
            value = float(text)
            if not value > 0:
                raise ValueError(text)
        elif kind is list:
            value = [part.strip() for part in re.split(r"[,，]", text) if part.strip()]
        else:
            value = text.strip()
            if param in ("start", "end") and not _CLOCK.match(value):
                raise ValueError(text)
    except ValueError:
        raise RuleSettingError("{value} is not a valid value for {param}.", value=text,
                               param=param) from None
    return value


def set_param(db: sqlite_utils.Database, profile_id: str, key: str, text: str) -> Any:
    """``rules set RULE.PARAM VALUE``: store a case's threshold; returns the value stored."""
    rule_id, _, param = key.rpartition(".")
    rule = load_profile(profile_id).rule(rule_id)
    if rule is None:
        raise RuleSettingError("There is no rule {rule} in the {profile} profile.",
                               rule=rule_id or key, profile=profile_id)
    if param not in CHECK_PARAMS[rule.check]:
        raise RuleSettingError("Rule {rule} has no setting {param}; it has: {choices}.",
                               rule=rule_id, param=param,
                               choices=", ".join(CHECK_PARAMS[rule.check]))
    value = parse_value(rule.check, param, text)
    with transaction(db):
        if value == rule.defaults.get(param):
            db.execute("DELETE FROM rule_settings WHERE rule = ? AND param = ?", (rule_id, param))
        else:
            db.execute("INSERT INTO rule_settings (rule, param, value) VALUES (?, ?, ?) "
                       "ON CONFLICT (rule, param) DO UPDATE SET value = excluded.value",
                       (rule_id, param, json.dumps(value, ensure_ascii=False)))
        custody.append(db, "rule-setting", {"rule": rule_id, "param": param, "value": value})
    return value
