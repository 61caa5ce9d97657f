"""The search index builder: Chinese as characters and pairs, pinyin, buckets the browser can find."""

from pathlib import Path

import pytest

from hall.site import postings, search
from hall.site.search import (
    SNIPPET_CHARS,
    _bucket_count,
    bucket_key,
    fnv1a,
    naming_sentences,
    plain,
)


def test_hash_matches_the_browser_and_latin_buckets_are_by_prefix():
    assert fnv1a("") == 0x811C9DC5 and fnv1a("a") == 0xE40C292C  # FNV-1a reference values
    assert fnv1a("柴金") == fnv1a("柴金") != fnv1a("金柴")
    assert bucket_key("chaijinfu") == bucket_key("chai") == "~ch" and bucket_key("金甫") == "金甫"


def test_markdown_is_stripped_for_indexing():
    assert (
        plain("## 故事\n\n**加粗** [链接](https://x.org/) <b>粗</b> ![图](a.jpg)\n{: .note }")
        == "故事 加粗 链接 粗 图"
    )


def test_bucket_count_grows_with_the_index_and_stays_bounded():
    assert (
        _bucket_count(100) == 16 and _bucket_count(100_000) == 4096 and _bucket_count(10**7) == 4096
    )


def test_an_index_of_the_same_documents_is_read_back_and_a_changed_one_made_again(
    small_hall, tmp_path, monkeypatch
):
    hall, vocab, cache = (
        small_hall.load(),
        small_hall.hall_config().vocab,
        tmp_path / "search.pickle",
    )
    first = search.index_files(hall, vocab, cache_file=cache)
    assert first == search.index_files(hall, vocab)  # the cache gives what the code gives

    def made_again(*args):
        raise AssertionError("the index was made again")

    with monkeypatch.context() as m:
        m.setattr(search, "_index_files", made_again)
        assert search.index_files(small_hall.load(), vocab, cache_file=cache) == first
    hall.exhibits[0].meta.summary = "一句新的摘要：鲜切花。"
    changed = search.index_files(hall, vocab, cache_file=cache)
    assert changed != first and any("一句新的摘要" in text for text in changed.values())


def test_a_snippet_keeps_the_sentences_that_name_the_exhibits_facts():
    body = (
        "他是一名焊工。" * 3
        + "柴金甫在嘉善县种花。"
        + "天气很好。" * 50
        + "他获得全国劳动模范称号。"
        + "说明。" * 200
    )
    kept = naming_sentences(body, ["柴金甫", "浙江省", "嘉善县", "全国劳动模范"])
    assert kept == "柴金甫在嘉善县种花。 他获得全国劳动模范称号。"
    assert len(naming_sentences("柴金甫。" * 500, ["柴金甫"])) <= SNIPPET_CHARS


def _new_words(hall) -> None:
    """Words no other exhibit has (new terms, among them 刘: the table of traditional characters gets 劉)
    and a new name."""
    hall.exhibits[0].meta.summary = "刘 zzqxword 一句新的摘要。"
    hall.exhibits[1].meta.name += "福"


def _words_gone(hall) -> None:
    """A story emptied: the terms only it had leave the index."""
    hall.exhibits[0].source.body = ""


@pytest.mark.parametrize("edit", [_new_words, _words_gone], ids=["new words", "words gone"])
def test_an_edited_index_is_updated_into_what_a_cold_build_makes(
    small_hall, tmp_path, monkeypatch, edit
):
    from hall.site import search

    hall, vocab = small_hall.load(), small_hall.hall_config().vocab
    cache = tmp_path / "search.pickle"
    before = search.index_files(hall, vocab, cache_file=cache)
    edit(hall)
    with monkeypatch.context() as m:
        m.setattr(search, "_index_files", _made_again)
        updated = search.index_files(hall, vocab, cache_file=cache)
    cold = search.index_files(hall, vocab)
    assert updated != before and updated == cold
    assert ("劉刘" in cold["meta.js"]) == (edit is _new_words)  # the sample hall has no 刘
    assert search.index_files(hall, vocab, cache_file=cache) == cold  # and kept for the next build


def _made_again(*args):
    raise AssertionError("the index was made again")


def test_documents_are_taken_from_a_cache_of_the_same_tag_only(small_hall, tmp_path, monkeypatch):
    from hall.site import search

    hall, vocab = small_hall.load(), small_hall.hall_config().vocab
    cache, urls = tmp_path / "search.pickle", {e.url for e in hall.exhibits}
    cold = search.index_files(hall, vocab, cache_file=cache, tag="a")
    made, facts = [], search._facts
    monkeypatch.setattr(search, "_facts", lambda e, region: made.append(e.slug) or facts(e, region))
    chai = next(e for e in hall.exhibits if e.slug == "chai-jinfu")
    same = ("a", urls - {chai.url})
    assert search.index_files(hall, vocab, cache_file=cache, tag="b", same=same) == cold
    assert made == ["chai-jinfu"]  # the others' documents are the cached index's
    made.clear()
    assert search.index_files(hall, vocab, cache_file=cache, tag="c", same=same) == cold
    assert len(made) == len(hall.exhibits)  # written with tag "b": a cache of another build


def test_an_index_cached_by_other_code_is_made_again(small_hall, tmp_path, monkeypatch):
    """The code that makes an index is both modules (the terms and postings are hall.site.postings'): a cache
    that other code made is not read back."""
    assert set(search._CODE) == {Path(search.__file__), Path(postings.__file__)}
    hall, vocab, cache = small_hall.load(), small_hall.hall_config().vocab, tmp_path / "s.pickle"
    first = search.index_files(hall, vocab, cache_file=cache)
    other = tmp_path / "postings.py"
    other.write_bytes(Path(postings.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(search, "_CODE", (Path(search.__file__), other))
    made, make = [], search._index_files
    monkeypatch.setattr(search, "_index_files", lambda *a: made.append(1) or make(*a))
    assert search.index_files(small_hall.load(), vocab, cache_file=cache) == first and made
