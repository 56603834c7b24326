"""Helpers shared by the test suites of every app (valid identifiers, an application payload, the pinned
date the application tests run on)."""

import datetime as dt

from gongkai.core.validators import resident_id_check_char, uscc_check_char

FIXED_TODAY = dt.date(2026, 6, 15)  # a Monday; every date the tests derive from it lies in loaded years


def resident_id(first17="11010519491231002") -> str:
    return first17 + resident_id_check_char(first17)


def uscc(first17="91110105MA01ABCD1") -> str:
    return first17 + uscc_check_char(first17)


def payload(**overrides) -> dict:
    """A valid natural person's application, as the services take it."""
    data = {
        "applicant_kind": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
        "id_number": resident_id(), "phone": "13800138000", "email": "zhang@example.com",
        "address": "示例市东城区和平路1号", "postcode": "100000",
        "content": "2023年甲市教育局学校食堂招标文件", "info_form": "electronic", "delivery_method": "email",
    }
    data.update(overrides)
    return data
