import pytest

from evidence_logger.phones import UNKNOWN, display, is_phone_number, normalize


@pytest.mark.parametrize("raw", ["+86 171 0000 0001", "17100000001", "008617100000001",
                                 "171-0000-0001", "+86-171-0000-0001", "86 17100000001",
                                 "(171) 0000 0001", " 17100000001 "])
def test_forms_of_one_mobile_number_are_one_party(raw):
    assert normalize(raw) == "+8617100000001"


@pytest.mark.parametrize(("raw", "key"), [
    ("021-12345678", "+862112345678"),  # Shanghai landline
    ("(021) 1234 5678", "+862112345678"),
    ("+86 21 1234 5678", "+862112345678"),
    ("400-123-4567", "+864001234567"),  # 400 numbers are valid national numbers
    ("95588", "95588"),  # bank service number
    ("+86 95588", "95588"),
    ("0086 95588", "95588"),
    ("10086", "10086"),
    ("12378", "12378"),  # the regulator's hotline
    ("10690000123456", "10690000123456"),  # an SMS gateway sender
    ("106575261234", "106575261234"),
    ("+1 219-282-6655", "+12192826655"),
    ("ICBC", "ICBC"),  # alphanumeric sender
])
def test_landlines_service_numbers_and_foreign_numbers(raw, key):
    assert normalize(raw) == key


@pytest.mark.parametrize("raw", ["", None, "-1", "-2", "null", "(Unknown)", "Private", "未知号码"])
def test_withheld_numbers_share_one_key(raw):
    assert normalize(raw) == UNKNOWN


def test_region_decides_numbers_without_a_country_code():
    assert normalize("2192826655", "US") == "+12192826655"
    assert normalize("020 7946 0018", "GB") == "+442079460018"


def test_display_and_kind():
    assert display("+8617100000001") == "+86 171 0000 0001"
    assert display("95588") == "95588"
    assert is_phone_number("+8617100000001") and not is_phone_number("95588")


def test_numbers_are_shown_as_the_phone_writes_them():
    from evidence_logger.phones import as_phone_writes

    assert as_phone_writes("+8617100001001") == "171 0000 1001"
    assert as_phone_writes("+8613800138000") == "138 0013 8000"
    assert as_phone_writes("+861065529988") == "010 6552 9988"  # a landline with its area code
    assert as_phone_writes("+862088889999") == "020 8888 9999"
    assert as_phone_writes("95588") == "95588"  # service numbers as they are
    assert as_phone_writes("unknown") == "unknown"
    assert as_phone_writes("+85291234567") == "+852 9123 4567"  # another country's number
    assert as_phone_writes("+8617100001001", "GB") == "+86 171 0000 1001"
