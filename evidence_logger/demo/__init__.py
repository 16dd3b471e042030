"""A sample case: synthetic but realistic phone files of a harassed borrower and a relative.

``make_demo(case_dir, files_dir=None, lang=None)`` builds the case (a progress generator);
``write_phone_files(folder)`` writes only the phone files. Qt-free: the window's welcome
screen and ``evidence-logger demo`` use the same functions.
"""

from evidence_logger.demo.build import make_demo
from evidence_logger.demo.phone_files import PhoneFiles, write_phone_files

__all__ = ["PhoneFiles", "make_demo", "write_phone_files"]
