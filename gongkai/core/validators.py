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


# 居民身份证号码 (GB 11643-1999): 17 digits (6 region, 8 birth date, 3 sequence) and a mod-11 check character.
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"


def resident_id_check_char(first17: str) -> str:
    return RESIDENT_ID_CHECK[sum(int(c) * w for c, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True)) % 11]


def validate_resident_id(value: str) -> None:
    import datetime as dt

    number = (value or "").strip().upper()
    if len(number) != 18:
        raise ValidationError("居民身份证号码应为18位，当前为 %(n)d 位。", code="id_length", params={"n": len(number)})
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("居民身份证号码前17位应为数字，最后一位为数字或X。", code="id_chars")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError("居民身份证号码中的出生日期无效。", code="id_birth") from None
    if born.year < 1900 or born > dt.date.today():
        raise ValidationError("居民身份证号码中的出生日期无效。", code="id_birth")
    if resident_id_check_char(number[:17]) != number[17]:
        raise ValidationError("居民身份证号码校验位不正确，请核对。", code="id_check")


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    """Mask the middle of an identifier for lists: ``110105********1234``."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end:]
