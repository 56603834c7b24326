import pytest
from django.core.exceptions import ValidationError

from gongkai.core.validators import uscc_check_char, validate_uscc

# The worked example printed in GB 32100-2015, and codes whose check digit was computed by hand.
VALID = ["91350100M000100Y43", "11990100000000001M", "1299010000000000X9"]


@pytest.mark.parametrize("code", VALID)
def test_valid_uscc_passes(code):
    validate_uscc(code)
    assert uscc_check_char(code[:17]) == code[17]


@pytest.mark.parametrize("code, message", [
    ("91350100M000100Y4", "应为18位"),
    ("91350100M000100Y44", "校验位不正确"),
    ("91350100M00010OY43", "不允许的字符"),
    ("9135010IM000100Y43", "不允许的字符"),
])
def test_invalid_uscc_rejected_with_chinese_message(code, message):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code)
    assert message in exc.value.messages[0]


def test_lower_case_accepted():
    validate_uscc("91350100m000100y43")
