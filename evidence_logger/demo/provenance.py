"""The sample case's provenance: the two phones and how their files were taken off them, as a
borrower would enter them (``device add``, ``provenance add/set``)."""

from __future__ import annotations

from evidence_logger import provenance
from evidence_logger.case import Case
from evidence_logger.demo import scenario as s
from evidence_logger.i18n import Language

EXPORTED = s.at(18, 21, 15).strftime("%Y-%m-%dT%H:%M")  # as phone_files.EXPORTED_AT


def add_provenance(case: Case, lang: str) -> None:
    """The phones, their exports and the declarant, in the sample's language."""
    zh = Language.of(lang).chinese
    db = case.db
    mine = provenance.add_device(
        db, label="李明的手机" if zh else "Li Ming's phone", owner="self",
        owner_name=f"{s.BORROWER_NAME}（借款人）" if zh else f"{s.BORROWER_NAME} (borrower)",
        make="小米" if zh else "Xiaomi", model="Redmi Note 12", number=s.BORROWER,
        region=case.region)
    mother = provenance.add_device(
        db, label="王秀兰的手机" if zh else "Wang Xiulan's phone", owner=s.MOTHER,
        owner_name=f"{s.MOTHER_NAME}（借款人之母）" if zh else f"{s.MOTHER_NAME} (mother)",
        make="华为" if zh else "Huawei", model="nova 9", number=s.MOTHER, region=case.region)
    by = s.BORROWER_NAME
    for device, files, method, at in (
            (mine, "*/call_rec/*", "MIUI 录音机自动通话录音；用 USB 数据线复制到电脑"
             if zh else "MIUI recorder's automatic call recordings; copied by USB cable",
             EXPORTED),
            (mine, "*/Screenshots/*", "手机截屏；用 USB 数据线复制到电脑"
             if zh else "screenshots taken on the phone; copied by USB cable", EXPORTED),
            (mine, "*/SMSBackupRestore/*", "SMS Backup & Restore 备份通话记录和短信（XML）；"
             "用 USB 数据线复制到电脑" if zh else "SMS Backup & Restore backup of calls and "
             "messages (XML); copied by USB cable", EXPORTED),
            (mother, "*/CallRecord/*", "华为自动通话录音；用 USB 数据线复制到电脑"
             if zh else "Huawei automatic call recordings; copied by USB cable", EXPORTED),
            (mother, "*/HiSuite/*", "华为手机助手（HiSuite）导出通话记录（CSV）"
             if zh else "call log exported by Huawei HiSuite (CSV)", EXPORTED),
            (mother, "*/SMSBackupRestore/*", "SMS Backup & Restore 备份短信（XML）"
             if zh else "SMS Backup & Restore backup of messages (XML)", EXPORTED)):
        provenance.add_extraction(db, device=device, method=method, made_at=at, made_by=by,
                                  files=files)
    provenance.set_statement(
        db, declarant=s.BORROWER_NAME,
        phones_kept="两部手机均由借款人李明保管，未恢复出厂设置，其中的原始数据未删除，可供当庭核对"
        if zh else "both kept by the borrower, Li Ming, not reset, their original data not "
                   "deleted; available for inspection in court")
