"""The time-stamp authorities the settings offer: data, each with where it comes from.

``url`` is the RFC 3161 address to POST requests to (``None``: the authority gives it with the
account). ``cost`` and ``account`` say what using it takes; ``status`` follows the legal data's
convention (``verified``: read at the source; ``secondary``: from a secondary source such as a
vendor's list; ``uncertain``: believed, not checked). None of them was contacted to write this
list (the app opens no connection to make it); the user may always enter another URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence_logger.i18n import N_


@dataclass(frozen=True, slots=True)
class Authority:
    id: str
    name: str
    url: str | None
    country: str  # ISO 3166 code
    cost: str  # an English phrase marked with N_
    account: bool  # an account (a contract) is needed
    note: str  # an English phrase marked with N_
    source: str
    status: str  # verified, secondary, uncertain


AUTHORITIES: tuple[Authority, ...] = (
    Authority("tsa-cn", "联合信任时间戳服务中心 (UniTrust TSA, tsa.cn)", None, "CN",
              N_("paid, per stamp or by contract"), True,
              N_("a Chinese trusted-timestamp (可信时间戳) service, its time from the National "
                 "Time Service Center (国家授时中心); the RFC 3161 address comes with the "
                 "account"),
              "https://www.tsa.cn", "secondary"),
    Authority("cfca", "中国金融认证中心 CFCA 时间戳服务", None, "CN",
              N_("paid, by contract"), True,
              N_("a licensed Chinese CA; the RFC 3161 address comes with the contract"),
              "https://www.cfca.com.cn", "uncertain"),
    Authority("freetsa", "FreeTSA.org", "https://freetsa.org/tsr", "DE", N_("free"), False,
              N_("a free public service run by one person; may be slow or unreachable from "
                 "mainland China"), "https://freetsa.org/index_en.php", "secondary"),
    Authority("digicert", "DigiCert", "http://timestamp.digicert.com", "US", N_("free"), False,
              N_("a large commercial CA's public TSA, used to sign software"),
              "https://knowledge.digicert.com", "secondary"),
    Authority("sectigo", "Sectigo", "http://timestamp.sectigo.com", "US", N_("free"), False,
              N_("a large commercial CA's public TSA, used to sign software"),
              "https://sectigo.com", "secondary"),
)


def find(key: str) -> Authority | None:
    """The authority with this id or URL."""
    for authority in AUTHORITIES:
        if key in (authority.id, authority.url):
            return authority
    return None
