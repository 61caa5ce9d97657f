import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from hall.model import privacy
from hall.model.privacy import mask, nfkc, private_key, scan, valid_id
from tests.conftest import CRAFTSMAN, PERSON, photo

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def fake_id(first17: str = "11010119900101123") -> str:
    """A made-up resident ID (Beijing Dongcheng area code, born 1990-01-01) with its correct check character."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def _wrong_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def kinds(text: str, allow=()) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in scan(text, allow)]


# --- detectors ---------------------------------------------------------------------------------


def test_resident_id_with_a_valid_check_character_is_found():
    number = fake_id()
    assert valid_id(number)
    assert kinds(f"身份证号{number}。") == [("id", number)]


def test_resident_id_ending_in_x_is_found_in_either_case():
    first17 = next(
        f"110101199001011{n:02d}"
        for n in range(100)
        if fake_id(f"110101199001011{n:02d}")[-1] == "X"
    )
    number = fake_id(first17)
    assert kinds(number.lower()) == [("id", number)]


def test_wrong_check_character_or_impossible_birth_date_is_not_an_id():
    assert kinds(_wrong_check(fake_id())) == []
    assert kinds(fake_id("11010119901301123")) == []  # month 13
    assert kinds(fake_id("11010118890101123")) == []  # born before 1900


def test_id_inside_a_longer_digit_run_is_not_found():
    assert kinds("12" + fake_id()) == []
    assert kinds(fake_id() + "12") == []


def test_full_width_digits_are_found():
    number = fake_id()
    full = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert kinds(f"号码：{full}") == [("id", number)]
    assert kinds("电话：１３８１２３４５６７８") == [("mobile", "13812345678")]


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138-1234-5678",
        "138 1234 5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "86-138-1234-5678",
        "138 1234-5678",
        "联系电话：19912345678。",
    ],
)
def test_mobile_numbers_in_their_usual_forms(text):
    found = kinds(text)
    assert (
        len(found) == 1
        and found[0][0] == "mobile"
        and found[0][1] in ("13812345678", "19912345678")
    )


@pytest.mark.parametrize(
    "text",
    [
        "0571-12345",
        "服务热线 0571-88886666",
        "12345 市民热线",
        "400-820-8820",
        "12812345678",
        "138123456789",
        "2138123456789",
        "1381234567",
        "138-12345-678",
        "1 3812 345 678",
    ],
)
def test_landlines_hotlines_and_other_numbers_are_not_mobiles(text):
    assert kinds(text) == []


def test_the_id_is_not_also_a_mobile_number():
    number = fake_id("11013819900101123")
    assert [kind for kind, _ in kinds(number)] == ["id"]


@pytest.mark.parametrize(
    "text",
    [
        "人民路12号3幢401室",
        "家住解放街5号2单元301室",
        "中山路100弄5号601室",
        "人民路１２号３幢４０１室",
        "阳光小区3幢2单元401室",
        "幸福巷8号二单元",
    ],
)
def test_home_addresses(text):
    assert [kind for kind, _ in kinds(text)] == ["address"]


@pytest.mark.parametrize(
    "text",
    [
        "全国五一劳动奖章",
        "2020年",
        "国家级",
        "第3号作品",
        "GB/T 4754-2017",
        "60万元",
        "5号车间",
        "地铁1号线",
        "长安街1号",
        "2号楼",
        "1978-2011",
        "1949年10月1日",
        "荣获2015年度浙江工匠称号，带徒38人，获专利12项",
        "https://baike.com/wikiid/7242545193755623464",
    ],
)
def test_ordinary_text_is_not_private(text):
    assert kinds(text) == []


def test_allowed_numbers_are_compared_without_separators():
    assert kinds("服务电话 138-1234-5678", allow=["+86 13812345678"]) == []
    assert kinds("服务电话 13812345678 与 13912345678", allow=["138 1234 5678"]) == [
        ("mobile", "13912345678")
    ]


@pytest.mark.parametrize(
    "key",
    [
        "住址",
        "家庭住址",
        "地址",
        "住所",
        "home_address",
        "homeAddress",
        "address",
        "身份证号",
        "身份证",
        "id_number",
        "手机",
        "联系电话",
        "电话",
        "phone",
        "mobile",
        "tel",
    ],
)
def test_private_keys(key):
    assert private_key(key).kind == "private_field"


@pytest.mark.parametrize(
    "key", ["name", "region", "title", "hotel", "employer", "trade", "caption", "telling"]
)
def test_ordinary_keys(key):
    assert private_key(key) is None


# full-width punctuation next to what composes or decomposes with it: combining marks, letters, CJK compatibility
_AROUND_FULL_WIDTH = st.text(
    st.sampled_from(
        "，：；（）！？ＡＢａ１２a1e\u0301\u0308\u0327\u3099か\uf900㍿①½。、 \u3000柴金甫,:;()!?"
    )
)


@given(_AROUND_FULL_WIDTH | st.text())
def test_nfkc_is_unicode_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_of_chinese_prose():
    assert nfkc("他说：“好！”（１９９０年）") == "他说:“好!”(1990年)"


# Pieces that make or break findings where lines meet: digits, separators, the characters an address needs.
_PIECES = st.sampled_from(
    "1 3 8 0 86 + - X \uff11 1380013 8000 1101011990 路 人民 号 幢 栋 楼 单元 室 弄 院".split()
    + [" "]
)
_LINE = st.lists(_PIECES | st.text(max_size=3), max_size=12).map("".join)


@given(st.lists(_LINE, max_size=5), st.lists(_LINE, max_size=2))
def test_lines_joined_hold_just_what_they_hold_one_by_one(lines, allow):
    """hall.model.checks scans a file's values and story joined by line breaks, and one by one only when that
    finds something: no finding may span a line break, or hide one the lines hold."""
    assert scan("\n".join(lines), allow) == [f for line in lines for f in scan(line, allow)]
    # an address and a mobile number, were they one line
    halves = ["人民路", "12号3幢", "1380013", "8000"]
    assert scan("\n".join([*lines, *halves])) == [f for line in lines for f in scan(line)]


@given(st.lists(_PIECES | st.text(max_size=3), max_size=20).map("".join))
def test_a_pattern_is_searched_only_where_what_it_cannot_go_without_is(text):
    for pattern in (privacy._ID, privacy._MOBILE, privacy._ADDRESS):
        assert privacy._findall(pattern, text) == pattern.findall(text)


def test_mask_keeps_only_the_ends():
    assert mask("13812345678") == "138***78"


# --- in the hall -------------------------------------------------------------------------------


def _problems(small_hall, rel, text):
    small_hall.add(rel, text)
    return [p for p in small_hall.load().report.problems if p.path.endswith(rel)]


def _person(small_hall, text):
    return _problems(small_hall, "people/chai-jinfu.md", text)


def test_id_in_front_matter_is_an_error_on_its_line(small_hall):
    number = fake_id()
    problems = _person(
        small_hall,
        PERSON.replace(
            "trade: 农、林、牧、渔业", f"trade: 农、林、牧、渔业\noccupation: 花农 {number}"
        ),
    )
    assert [(p.code, p.line) for p in problems] == [("E601", 5)]
    assert "110***" in problems[0].message and number not in problems[0].message + problems[0].hint


def test_mobile_in_the_story_is_an_error_on_its_line(small_hall):
    problems = _person(
        small_hall, PERSON.replace("二十年。", "二十年。\n\n订花请打 138-1234-5678。")
    )
    assert [(p.code, p.line) for p in problems] == [("E602", 20)]
    assert "138***78" in problems[0].message and "public_numbers" in problems[0].hint


def test_private_data_is_reported_even_when_the_file_has_other_errors(small_hall):
    text = PERSON.replace("trade:", "tarde: 笔误\ntrade:").replace(
        "二十年。", "二十年。\n\n订花请打 13812345678。"
    )
    assert sorted(p.code for p in _person(small_hall, text)) == ["E101", "E602"]


def test_address_in_a_nested_value(small_hall):
    problems = _person(
        small_hall, PERSON.replace("    publisher: 县传媒中心", "    publisher: 人民路12号3幢401室")
    )
    assert [(p.code, p.line) for p in problems] == [("E603", 12)]
    assert "sources.第1项.publisher" in problems[0].message


def test_private_key_is_an_error_even_with_an_innocent_value(small_hall):
    problems = _person(
        small_hall, PERSON.replace("trade: 农、林、牧、渔业", "trade: 农、林、牧、渔业\n住址: 不详")
    )
    assert [(p.code, p.line) for p in problems] == [("E603", 5)]
    assert "住址" in problems[0].message


def test_public_numbers_allow_a_published_number(small_hall):
    text = PERSON.replace("二十年。", "二十年。服务热线 138 1234 5678。")
    assert [p.code for p in _person(small_hall, text)] == ["E602"]
    allowed = text.replace("sources:", "public_numbers: ['13812345678']\nsources:")
    assert _person(small_hall, allowed) == []


def test_minors_in_a_photo_need_consent(small_hall):
    rel = "people/zha-zhao/index.md"
    text = CRAFTSMAN.replace(
        "  alt: 查昭在阀门检测中心查看数据", "  alt: 查昭在阀门检测中心查看数据\n  minors: true"
    )
    problems = _problems(small_hall, rel, text)
    assert [(p.code, p.line) for p in problems] == [("E604", 13)] and "consent" in problems[0].hint
    consented = text.replace("minors: true", "minors: true\n  consent: 监护人同意书 2024-07 号")
    assert _problems(small_hall, rel, consented) == []


def test_image_without_alt_text_is_still_e403(small_hall):
    text = CRAFTSMAN.replace(
        "  alt: 查昭在阀门检测中心查看数据", "  minors: true\n  consent: 同意书"
    )
    assert [p.code for p in _problems(small_hall, "people/zha-zhao/index.md", text)] == ["E403"]


def _exif(name: str, text: str) -> bytes:
    exif = Image.Exif()
    if name == "ImageDescription":
        exif[0x010E] = text
    elif name == "XPComment":
        exif[0x9C9C] = text.encode("utf-16-le")
    else:
        exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + text.encode("utf-16-be")
    return exif.tobytes()


@pytest.mark.parametrize("tag", ["ImageDescription", "XPComment", "UserComment"])
def test_phone_number_in_photo_metadata(small_hall, tag):
    photo(
        small_hall.exhibits / "people" / "zha-zhao" / "portrait.jpg",
        (600, 900),
        exif=_exif(tag, "Tel 13812345678"),
    )
    problems = _problems(small_hall, "people/zha-zhao/index.md", CRAFTSMAN)
    assert [(p.code, p.line) for p in problems] == [("E602", 11)]
    assert tag in problems[0].message


def test_broken_photo_metadata_is_tolerated(small_hall):
    (small_hall.exhibits / "people" / "zha-zhao" / "portrait.jpg").write_bytes(
        b"\xff\xd8not really a jpeg"
    )
    assert not [p for p in small_hall.load().report.problems if p.code.startswith("E6")]


def test_the_quick_skip_misses_no_character_that_normalises_to_a_digit():
    import re
    import unicodedata

    from hall.model.privacy import _MAY_HOLD_DIGITS

    missed = [
        hex(c)
        for c in range(0x20000)
        if not 0xD800 <= c < 0xE000
        and re.search("[0-9]", unicodedata.normalize("NFKC", chr(c)))
        and not _MAY_HOLD_DIGITS.search(chr(c))
    ]
    assert missed == []
    assert scan("电话：①③⑧ 1234 5678")[0].value == "13812345678"
