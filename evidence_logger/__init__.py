"""Evidence Logger (证据记录): build verifiable evidence of debt-collection harassment.

The package is split into a Qt-free core (store, importers, rules, bundle, report, cli) and,
later, a GUI that uses the core one way.
"""

__version__ = "0.1.0"
APP_NAME = "evidence-logger"
