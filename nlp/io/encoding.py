"""Encodings: the text in bytes, and text that cannot be stored as UTF-8.

`bom_encoding(data)` names UTF-16 or UTF-32 by its byte order mark;
`legacy_decode(data)` decodes a non-UTF-8 text in the encoding
charset-normalizer finds (Windows-1252 for Western European text);
`looks_binary(text)` tells binary data decoded as text. `escape_surrogates`
and `replace_surrogates` remove lone surrogates (a file name that is not
UTF-8, a JSON "\\ud800"), which Arrow and every file format refuse.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

# Byte order marks of the encodings that need them to be told apart; UTF-32's first, since UTF-32-LE's starts with UTF-16-LE's.
BOM_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SURROGATES = re.compile("[\ud800-\udfff]")


def bom_encoding(data: bytes) -> str | None:
    """The encoding that `data`'s byte order mark names (UTF-16 or UTF-32), if it starts with one."""
    return next((encoding for bom, encoding in BOM_ENCODINGS if data.startswith(bom)), None)


def legacy_decode(data: bytes) -> str | None:
    """Text in charset-normalizer's best guess of a legacy encoding; None when none fits."""
    match = charset_normalizer.from_bytes(data).best()
    if match is None:
        return None
    text = str(match)
    # Short Western European texts are often guessed as another Latin code page
    # (cp1250, cp1257: "España" -> "Espańa"); Windows-1252 is far more common in news.
    if all(_is_latin(char) for char in text if ord(char) > 127):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return text


def _is_latin(char: str) -> bool:
    return not char.isalpha() or unicodedata.name(char, "").startswith("LATIN")


def looks_binary(text: str) -> bool:
    """NUL characters or more than 1% control characters: binary data decoded as text."""
    sample = text[:65536]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    return "\x00" in sample or controls > 0.01 * max(len(sample), 1)


def escape_surrogates(text: str) -> str:
    """`text` with lone surrogates written out: a file name's undecodable byte as `\\xe9`, others as `\\ud800`."""
    return SURROGATES.sub(lambda m: f"\\x{ord(m[0]) - 0xDC00:02x}" if 0xDC80 <= ord(m[0]) <= 0xDCFF else f"\\u{ord(m[0]):04x}", text)


def replace_surrogates(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD: the same length, so offsets into it still hold."""
    return SURROGATES.sub("\ufffd", text)
