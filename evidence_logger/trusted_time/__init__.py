"""Trusted time: RFC 3161 timestamp tokens from a time-stamp authority (TSA).

Off until the user turns it on (:mod:`.settings`); nothing here opens a network connection
otherwise. :mod:`.client` asks a TSA for a token and checks the answer; :mod:`.tokens` checks a
kept token offline; :mod:`.store` keeps the import tokens in the case and says what waits;
:mod:`.bag` puts tokens into a bundle and checks them there. The library doing the ASN.1 and
the CMS signature check is ``rfc3161-client``; no ASN.1 is parsed here.

What a token proves: that the stamped bytes (and so every file whose hash they list) existed,
exactly as they are, at the TSA's time; not when the events they show happened, nor that they
are true.
"""
