"""One message's SMTP commands on an open smtplib connection, split where the batch needs it.

`smtplib.sendmail` runs MAIL, RCPT and DATA in one call. The batch needs to stop between RCPT
and DATA (the delivery row must be claimed first), and to build the next message while the
server is taking this one. The commands are smtplib's own (`putcmd`, `getreply`, `send`);
what is skipped is only generic work the batch has already done once: parsing each address
(the envelope addresses are checked when the batch starts) and re-scanning each payload for
line ends (`DigestMessage.as_bytes` writes CRLF).
"""

from __future__ import annotations

import contextlib
import re
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail.message import sanitize_address

_LEADING_DOT = re.compile(rb"(?m)^\.")
_SPECIALS = frozenset('\r\n<>"(),;: \\[]')


def envelope_address(address: str) -> str:
    """`<local@domain>` for MAIL / RCPT. Plain ASCII addresses are taken as they are; anything
    else goes through Django's sanitising (IDNA domain, encoded name) and smtplib's quoting."""
    if address.isascii() and address.count("@") == 1 and _SPECIALS.isdisjoint(address):
        return f"<{address}>"
    return smtplib.quoteaddr(sanitize_address(address, settings.DEFAULT_CHARSET))


class Conversation:
    """MAIL/RCPT, then DATA, of one message after another on one connection."""

    def __init__(self, smtp: smtplib.SMTP, sender: str) -> None:
        smtp.ehlo_or_helo_if_needed()
        self.smtp = smtp
        # 8bit bodies are declared (RFC 6152) where the server supports them; elsewhere the
        # messages are built with base64 parts.
        self.eight_bit = smtp.does_esmtp and smtp.has_extn("8bitmime")
        body = " BODY=8BITMIME" if self.eight_bit else ""
        self.mail_from = f"FROM:{envelope_address(parseaddr(sender)[1] or sender)}{body}"

    def envelope(self, to: str) -> None:
        """MAIL and RCPT; a refusal resets the transaction and raises smtplib's exception."""
        smtp = self.smtp
        smtp.putcmd("mail", self.mail_from)
        code, reply = smtp.getreply()
        if code != 250:
            self.reset()
            raise smtplib.SMTPSenderRefused(code, reply, self.mail_from)
        smtp.putcmd("rcpt", f"TO:{to}")
        code, reply = smtp.getreply()
        if code not in (250, 251):
            self.reset()
            raise smtplib.SMTPRecipientsRefused({to: (code, reply)})

    def send_data(self, payload: bytes) -> None:
        """DATA and the message, without waiting for the server's verdict on it."""
        smtp = self.smtp
        smtp.putcmd("data")
        code, reply = smtp.getreply()
        if code != 354:
            self.reset()
            raise smtplib.SMTPDataError(code, reply)
        if payload.startswith(b".") or b"\n." in payload:
            payload = _LEADING_DOT.sub(b"..", payload)  # RFC 5321 §4.5.2 transparency
        if not payload.endswith(b"\r\n"):
            payload += b"\r\n"
        smtp.send(payload + b".\r\n")

    def data_reply(self) -> None:
        """The server's verdict on the message sent by `send_data`: 250 means it is taken."""
        code, reply = self.smtp.getreply()
        if code != 250:
            self.reset()
            raise smtplib.SMTPDataError(code, reply)

    def reset(self) -> None:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self.smtp.rset()
