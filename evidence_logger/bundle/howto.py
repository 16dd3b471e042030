"""HOW-TO-VERIFY.txt: how anyone can check a bundle, with or without this app."""

from __future__ import annotations

TEXT = """\
如何核验本证据包 / How to verify this evidence bundle
=====================================================

本证据包是一个 BagIt 包（RFC 8493）。data/ 文件夹中的每个文件（原始证据、案件数据）都在
manifest-sha256.txt 中列出了 SHA-256 哈希值；其余描述文件的哈希值列在
tagmanifest-sha256.txt 中；tagmanifest-sha256.txt 由导出人的 Ed25519 密钥签名
（签名：tagmanifest-sha256.txt.sig，公钥：signing-key.pub）。

方法一：用“证据记录”软件
    evidence-logger verify 证据包.zip
  显示“完好”即表示每个文件都与导出时完全一致；否则会逐一列出被修改、缺失或多出的文件。

方法二：用通用工具（无需本软件）
  1. 解压 zip 文件，进入解压后的文件夹；
  2. 运行  sha256sum -c manifest-sha256.txt  和  sha256sum -c tagmanifest-sha256.txt
     （Windows 可用 PowerShell 的 Get-FileHash 逐一比对），每一行都应显示 OK；
  3. 或使用任何 BagIt 校验工具，例如  bagit.py --validate 文件夹。
  4. 签名：用 OpenSSL 3 校验（先把签名从 base64 解码）：
       base64 -d tagmanifest-sha256.txt.sig > sig.bin
       openssl pkeyutl -verify -pubin -inkey signing-key.pub -rawin \\
               -in tagmanifest-sha256.txt -sigfile sig.bin

签名只能证明：持有该密钥的人签名之后，包内文件没有被改动过。请向证据提供人核对密钥指纹：
    {fingerprint}

This bundle is a BagIt bag (RFC 8493). Every file under data/ (the original evidence and the
case data) is listed with its SHA-256 in manifest-sha256.txt; the other description files are
listed in tagmanifest-sha256.txt, which the exporter signed with an Ed25519 key (signature:
tagmanifest-sha256.txt.sig, public key: signing-key.pub).

With Evidence Logger:
    evidence-logger verify bundle.zip
  "intact" means every file is exactly as exported; otherwise each modified, missing or
  unexpected file is listed.

With standard tools (no need for this app):
  1. unzip the file and go into the folder;
  2. run  sha256sum -c manifest-sha256.txt  and  sha256sum -c tagmanifest-sha256.txt
     (on Windows, PowerShell's Get-FileHash); every line must say OK;
  3. or use any BagIt validator, e.g.  bagit.py --validate FOLDER.
  4. The signature, with OpenSSL 3 (decode it from base64 first):
       base64 -d tagmanifest-sha256.txt.sig > sig.bin
       openssl pkeyutl -verify -pubin -inkey signing-key.pub -rawin \\
               -in tagmanifest-sha256.txt -sigfile sig.bin

A signature proves only that nothing changed after someone holding that key signed the bag.
Ask the person who gave you the bundle to confirm the key's fingerprint:
    {fingerprint}
"""


TIMESTAMPS = """
可信时间戳（RFC 3161）/ Trusted timestamps (RFC 3161)
------------------------------------------------------
时间戳机构（TSA）签发的时间戳证明：被盖戳的数据在该时间已经存在且此后未被改动；它不证明
内容属实，也不证明通话或消息发生的时间。
A token from a time-stamp authority (TSA) proves that the stamped data existed, unchanged, at
the authority's time; not that its content is true, nor when the calls or messages happened.

导出时间戳 / The export's token (if tagmanifest-sha256.txt.tsr is present):
    openssl ts -reply -in tagmanifest-sha256.txt.tsr -text
    openssl ts -verify -in tagmanifest-sha256.txt.tsr -data tagmanifest-sha256.txt \\
               -CAfile tagmanifest-sha256.txt.tsa-chain.pem
{imports}
每个“哈希清单”是原始文件 SHA-256 值（小写十六进制）按字典序排列、每行一个；时间戳盖在该清单的
SHA-256 上。查看清单覆盖了包内哪些原始文件：  grep -F -f 清单文件 manifest-sha256.txt
A hash list holds the originals' SHA-256 (lowercase hex), sorted, one a line; the token stamps
the list's SHA-256. To see which originals of this bag a list covers:
    grep -F -f LIST manifest-sha256.txt
“Verification: OK” 表示时间戳与数据一致、且由链文件中的根证书签发。请把该根证书与时间戳机构公布
的根证书核对（openssl x509 -in 链文件 -noout -fingerprint -sha256）。
"Verification: OK" means the token matches the data and chains to the root in the chain file;
compare that root with the one the authority publishes
(openssl x509 -in CHAIN-FILE -noout -fingerprint -sha256).
"""

IMPORT_LINE = ("    openssl ts -verify -in {stem}.tsr -data {stem}.sha256.txt "
               "-CAfile {stem}.chain.pem\n")


def how_to_verify(fingerprint: str, stamps: dict[str, bytes] | None = None) -> str:
    """The text; ``stamps``: the bag's import-token tag files (trusted_time/bag.py)."""
    stems = sorted(name[:-len(".tsr")] for name in stamps or {} if name.endswith(".tsr"))
    imports = ""
    if stems:
        imports = ("\n导入时间戳 / The import tokens (each over the hash list of the originals "
                   "one import brought in):\n" + "".join(IMPORT_LINE.format(stem=s) for s in stems))
    return TEXT.format(fingerprint=fingerprint) + TIMESTAMPS.format(imports=imports)


WITHHELD = """
本证据包未随附 {count} 份原件{why}。它们仍以 SHA-256 列于 data/case/case.json（"path": null）、
data/case/evidence.csv（"withheld"）和证据材料的“未随附的原件”表中；持有原件者可计算其 SHA-256
与之比对。

{count} original(s) are not in this bundle{why_en}. Each is still listed by its SHA-256 in
data/case/case.json ("path": null), data/case/evidence.csv ("withheld") and the dossier's table
of withheld originals; whoever holds an original can hash it and compare.
"""


def withheld_note(count: int, submission: bool) -> str:
    """What HOW-TO-VERIFY.txt says of the originals a bundle withholds (nothing if none)."""
    if not count:
        return ""
    return WITHHELD.format(
        count=count,
        why="（提交版：只随附支持违规认定的原件及借款人选定的原件，第三方号码已遮盖）" if submission
        else "（涉及第三方）",
        why_en=" (a submission bundle: only the originals that back the findings and those the "
               "borrower chose)" if submission else " (they concern third parties)")
