"""Readers for the files a borrower brings: recordings, screenshots, call-log and SMS exports.

Each reader module is pure: it reads a file and yields :mod:`evidence_logger.records`; it never
writes to the case. :mod:`evidence_logger.importers.detect` routes a file to its reader by
content, never by extension alone.
"""
