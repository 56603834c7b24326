"""Check-digit validators for Chinese identifiers.

- 统一社会信用代码 (GB 32100-2015): 18 characters from ``0-9A-HJ-NP-RTUW-Y``; the last is a mod-31 check.
"""

from django.core.exceptions import ValidationError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为18位，当前为 %(n)d 位。", code="uscc_length",
                              params={"n": len(code)})
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        raise ValidationError("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、Z、S、V）。",
                              code="uscc_chars", params={"chars": "、".join(dict.fromkeys(bad))})
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对。", code="uscc_check")
