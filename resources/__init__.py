"""Evidence Logger's shipped data, installed as the package ``evidence_logger.resources``.

Fonts (Noto Sans SC, OFL), translations, rule profiles, lexicons, icons and the window's style
sheet. Read them through :func:`evidence_logger.paths.resource`, never by file path.
"""
