"""Bytes of an issue file → text: detect the encoding, refuse binary, normalise line ends.

Issue files arrive as UTF-8 (with or without BOM), GB18030/GBK from older Windows tools,
occasionally UTF-16 with a BOM, with CRLF or CR line ends and form feeds between pages.
"""

from __future__ import annotations

import codecs

from ..errors import GazetteError, Problem

# Control characters that never occur in text; tab, LF, CR and form feed do.
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f", "\v"}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Raise :class:`GazetteError` for binary or undecodable input."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise GazetteError(Problem(path, None, f"starts like UTF-16 text but byte {exc.start} cannot "
                                       "be decoded; save the file as UTF-8 and build again")) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise GazetteError(Problem(path, _line_of(data, nul), "binary data (a NUL byte), not an issue "
                                   "text file; remove it from seeds/ or export the issue as plain text"))
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise GazetteError(Problem(path, _line_of(data, exc.start), f"invalid UTF-8 (byte "
                                       f"0x{data[exc.start]:02x}) in a file marked as UTF-8; fix or "
                                       "re-export the file")) from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as utf8_error:
            try:
                # GB18030 has a byte order mark too (84 31 95 33): drop it as UTF-8's is dropped
                text, encoding = data.decode("gb18030").removeprefix("\ufeff"), "gb18030"
            except UnicodeDecodeError:
                pos = utf8_error.start
                raise GazetteError(Problem(
                    path, _line_of(data, pos),
                    f"cannot decode byte 0x{data[pos]:02x} as UTF-8 or GB18030; save the file as "
                    "UTF-8 (or GB18030) text and build again")) from None
    controls = sum(1 for ch in text if ch in _CONTROL)
    if controls and controls > max(2, len(text) // 200):
        first = next(i for i, ch in enumerate(text) if ch in _CONTROL)
        raise GazetteError(Problem(path, text.count("\n", 0, first) + 1,
                                   f"looks binary ({controls} control characters), not an issue text "
                                   "file; remove it from seeds/ or export the issue as plain text"))
    return text, encoding


def physical_lines(text: str) -> list[str]:
    """Split into lines as an editor numbers them: CRLF, CR and LF each end a line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines
