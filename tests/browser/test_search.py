"""Search as visitors use it, over the sample hall in Chromium: 50 queries with their expected results
(names, fragments, words, places, honors, years, pinyin with and without spaces, initials, traditional
characters), filters with counts, keyboard use, highlighted snippets, and what the first query downloads."""

import pytest

from tests.browser.conftest import PAGES

pytestmark = pytest.mark.browser

# query -> the page that must come first ("people/x/"), or a set of pages that must all be in the top 3.
FIRST = {
    "柴金甫": "people/chai-jinfu/",
    "金甫": "people/chai-jinfu/",
    "chaijinfu": "people/chai-jinfu/",
    "chai jin fu": "people/chai-jinfu/",
    "cjf": "people/chai-jinfu/",
    "Chai Jinfu": "people/chai-jinfu/",
    "王进喜": "people/wang-jinxi/",
    "进喜": "people/wang-jinxi/",
    "铁人": "people/wang-jinxi/",
    "wjx": "people/wang-jinxi/",
    "大庆": "people/wang-jinxi/",
    "掏粪": "people/shi-chuanxiang/",
    "时传祥": "people/shi-chuanxiang/",
    "孟泰": "people/meng-tai/",
    "赵梦桃": "people/zhao-mengtao/",
    "张秉贵": "people/zhang-binggui/",
    "张秉": "people/zhang-binggui/",
    "包起帆": "people/bao-qifan/",
    "抓斗": "people/bao-qifan/",
    "许振超": "people/xu-zhenchao/",
    "李素丽": "people/li-suli/",
    "胡双钱": "people/hu-shuangqian/",
    "李万君": "people/li-wanjun/",
    "李萬君": "people/li-wanjun/",
    "焊工": "people/li-wanjun/",
    "章叔岩": "people/zhang-shuyan/",
    "zsy": "people/zhang-shuyan/",
    "鹿爸爸": "people/zhang-shuyan/",
    "查昭": "people/zha-zhao/",
    "zhazhao": "people/zha-zhao/",
    "阀门": "people/zha-zhao/",
    "拼命三郎": "people/zha-zhao/",
    "西藏": "people/chen-jinshui/",
    "陈金水": "people/chen-jinshui/",
    "叶克表": "people/ye-kebiao/",
    "柯贤湖": "people/ke-xianhu/",
    "杜彦": "people/du-yan/",
    "王为明": "people/wang-weiming/",
    "叶海辉": "people/ye-haihui/",
    "陈青英": "people/chen-qingying/",
    "鸟笼": "artifacts/tianmu-niaolong/",
    "竹笛": "artifacts/tianmu-zhudi/",
    "漆器": "artifacts/tianmu-qiqi/",
    "石雕": "artifacts/tianmu-shidiao/",
    "竹编": "artifacts/tianmu-zhubian/",
    "鲜切花": "artifacts/jiashan-xianqiehua/",
    "传统工艺制作": "lessons/tiao-yi-ya-yi-xue-bian-zhi/",
}
TOP3 = {
    "切花": {"people/chai-jinfu/", "artifacts/jiashan-xianqiehua/"},  # a substring of a longer word
    "嘉善": {"people/chai-jinfu/", "artifacts/jiashan-xianqiehua/"},
    "玉环": {"collectives/yuhuan-zhiyuan-fuwudui/"},
    "全国五一劳动奖章": {"people/bao-qifan/", "people/chen-jinshui/", "people/chen-qingying/"},
    "2020": {"people/chai-jinfu/"},
    "劳动课": {"lessons/cong-xue-tu-dao-gong-jiang/", "lessons/tiao-yi-ya-yi-xue-bian-zhi/"},
    "查昭 工作室": {"collectives/zha-zhao-gongzuoshi/"},
}

SEARCH = """q => hallSearch.search(q).then(r => Promise.all(r.hits.slice(0, 3).map(h => hallSearch.doc(h.id)))
    .then(docs => docs.map(d => d.u)))"""


@pytest.fixture(scope="module")
def search_page(visitor):
    page = visitor.cached(PAGES["search"])
    visitor.check(page)
    return page


def test_at_least_fifty_queries_are_checked():
    assert len(FIRST) + len(TOP3) >= 50


@pytest.mark.parametrize("query", FIRST)
def test_the_right_page_comes_first(search_page, query):
    top = search_page.evaluate(SEARCH, query)
    assert top[:1] == [FIRST[query]], f"search {query!r}: top 3 are {top}"


@pytest.mark.parametrize("query", TOP3)
def test_the_right_pages_are_in_the_top_three(search_page, query):
    top = search_page.evaluate(SEARCH, query)
    assert TOP3[query] <= set(top) or len(TOP3[query]) > 3, f"search {query!r}: top 3 are {top}"


def test_searching_from_the_header_with_the_keyboard(visit):
    page = visit(PAGES["profile"], fresh=True)
    page.locator("#hall-header-q").focus()
    page.keyboard.type("阀门")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator(".hall-search__results li a").first
    first.wait_for()
    assert first.get_attribute("href").endswith("people/zha-zhao/")
    assert page.locator(".hall-search__status").get_attribute("role") == "status"
    assert (
        page.locator(".hall-search__results mark").first.inner_text() == "阀门"
    )  # only the match is marked
    page.keyboard.press("Tab")
    visit.check()


def test_a_query_typed_and_sent_at_once_is_drawn_once(visit):
    """Enter right after typing: the search the typing started must not run after it and draw the results
    again, taking the focus from a filter a keyboard user has just reached (tests/browser/test_access.py)."""
    page = visit(PAGES["search"], fresh=True)
    page.evaluate(
        """() => { window.redrawn = 0; new MutationObserver(records => {
            window.redrawn += records.filter(r => r.removedNodes.length).length;
        }).observe(document.querySelector(".hall-search__results"), {childList: true}); }"""
    )
    page.locator("#hall-q").focus()
    page.keyboard.type("竹编")
    page.keyboard.press("Enter")
    page.locator(".hall-search__results li").first.wait_for()
    page.wait_for_timeout(
        600
    )  # past the typing's 200 ms: a search it started would have drawn by now
    assert page.evaluate("window.redrawn") == 0
    visit.check()


def test_filters_show_counts_and_narrow_the_results(visit):
    page = visit(PAGES["search"] + "?q=%E7%AB%B9%E7%BC%96", fresh=True)  # 竹编
    group = page.get_by_role("group", name="按类别筛选")
    group.wait_for()
    buttons = group.locator("button")
    labels = [buttons.nth(i).inner_text() for i in range(buttons.count())]
    assert "匠品 5" in labels, labels
    group.get_by_role("button", name="匠品 5").click()
    assert page.locator(".hall-search__results li").count() == 5
    assert group.get_by_role("button", name="匠品 5").get_attribute("aria-pressed") == "true"
    assert "找到 5 件展品" in page.locator(".hall-search__status").inner_text()
    visit.check()


def test_first_query_downloads_little(visit):
    page = visit(PAGES["search"] + "?q=%E6%9F%B4%E9%87%91%E7%94%AB", fresh=True)  # 柴金甫
    page.locator(".hall-search__results li").first.wait_for()
    page.wait_for_load_state("networkidle")
    index = [
        r
        for r in visit.responses[page]
        if "/search/" in r.url and r.url.endswith(".js") or "search.js" in r.url
    ]
    total = sum(len(r.body()) for r in index)
    assert index and total < 60_000, f"first query loaded {total} bytes: {[r.url for r in index]}"
