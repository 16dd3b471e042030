"""The rule engine: which collection rules the case's events break, each finding with its legal
source, the thresholds it was judged by, and the events and originals behind it.

Qt-free. Profiles and lexicons are data in ``resources/rules`` and ``resources/lexicons``.
"""

from evidence_logger.rules.engine import Finding, evaluate
from evidence_logger.rules.profile import (
                                           Profile,
                                           Rule,
                                           RuleSettingError,
                                           case_profile,
                                           load_profile,
                                           set_param,
)

__all__ = ["Finding", "Profile", "Rule", "RuleSettingError", "case_profile", "evaluate",
           "load_profile", "set_param"]
