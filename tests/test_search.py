"""The search index builder: Chinese as characters and pairs, pinyin, buckets the browser can find."""
from hall.search import _bucket_count, bucket_key, fnv1a, plain, terms


def test_chinese_is_indexed_as_characters_and_pairs_and_latin_as_words():
    assert terms("柴金甫") == {"柴", "金", "甫", "柴金", "金甫"}
    assert terms("2020年 CNAS认可") == {"2020", "年", "cnas", "认", "可", "认可"}
    assert terms("ＡＢ１２") == {"ab12"}  # full-width letters and digits are normalised


def test_hash_matches_the_browser_and_latin_buckets_are_by_prefix():
    assert fnv1a("") == 0x811C9DC5 and fnv1a("a") == 0xE40C292C  # FNV-1a reference values
    assert fnv1a("柴金") == fnv1a("柴金") != fnv1a("金柴")
    assert bucket_key("chaijinfu") == bucket_key("chai") == "~ch" and bucket_key("金甫") == "金甫"


def test_markdown_is_stripped_for_indexing():
    assert plain("## 故事\n\n**加粗** [链接](https://x.org/) <b>粗</b> ![图](a.jpg)\n{: .note }") == "故事 加粗 链接 粗 图"


def test_bucket_count_grows_with_the_index_and_stays_bounded():
    assert _bucket_count(100) == 16 and _bucket_count(100_000) == 4096 and _bucket_count(10**7) == 4096
