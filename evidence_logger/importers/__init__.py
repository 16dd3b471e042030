"""Readers for the files a borrower brings: recordings, screenshots, call-log and SMS exports.

Each reader module is pure: it reads a file and yields :mod:`evidence_logger.records`; it never
writes to the case. :mod:`evidence_logger.importers.formats` is the one registry of formats
(kind, sniffer, extensions, reader, sidecar); :mod:`evidence_logger.importers.detect` holds the
sniffers that recognise them by content, never by extension alone.
"""
