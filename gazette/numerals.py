"""Numbers written in Chinese numerals, shared by the parser's dates and the tagger's counts."""

from __future__ import annotations

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """A number below 100 in Chinese numerals (五 → 5, 十二 → 12, 三十一 → 31, 两 → 2), for dates
    and counts (两个街道); ``None`` for anything else (一二, 十十)."""
    tens, ten, ones = text.partition("十")
    if not ten:
        return CN_DIGITS.get(text) if len(text) == 1 else None
    if len(tens) > 1 or len(ones) > 1 or any(c not in CN_DIGITS for c in tens + ones):
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
