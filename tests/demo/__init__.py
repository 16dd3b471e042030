"""Tests of the sample case (evidence_logger.demo)."""
