"""One schema per exhibit kind, exported as JSON Schema for editors.

Front matter arrives as `loader.Scalar` strings; the types here decide what each field means,
and refuse values that YAML would have silently converted (`no`, dates) where text is meant.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from hall.model import codes, privacy
from hall.model.loader import Scalar, Source
from hall.model.problems import Notice, Report
from hall.model.vocab import suggest

THIS_YEAR = _dt.date.today().year
FIRST_YEAR = 1850
SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_INTEGER_RE = re.compile(r"^-?(0|[1-9]\d*)$")
_YAML_MEANINGS = {"bool": "布尔值（是/否）", "timestamp": "日期", "int": "数字", "float": "数字"}


def _text(value: Any) -> Any:
    """Text as written. A plain value YAML 1.1 would convert (no → false, 2020-11-27 → date,
    0571 → 377) is refused, because other tools reading the same file would change it."""
    if isinstance(value, Scalar) and value.plain and value.implicit in _YAML_MEANINGS:
        if value.implicit in ("bool", "timestamp") or not _INTEGER_RE.match(value):
            raise PydanticCustomError(
                "hall_yaml_conversion", "{meaning}", {"meaning": _YAML_MEANINGS[value.implicit]}
            )
    if isinstance(value, str):
        return str(value).strip()
    return value


def _year(value: Any) -> Any:
    text = (
        str(value).strip()
        if isinstance(value, (str, int)) and not isinstance(value, bool)
        else None
    )
    if text is None or not re.fullmatch(r"\d{4}", text):
        raise PydanticCustomError("hall_year", "not a year")
    year = int(text)
    if not FIRST_YEAR <= year <= THIS_YEAR:
        raise PydanticCustomError("hall_year_range", "out of range")
    return year


def _slug(value: str) -> str:
    if not re.fullmatch(SLUG_RE, value):
        raise PydanticCustomError("hall_slug", "not a slug")
    return value


def _date(value: Any) -> Any:
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            _dt.datetime.strptime(text, fmt)
            return text
        except ValueError:
            continue
    raise PydanticCustomError("hall_date", "not a date")


Text = Annotated[str, BeforeValidator(_text)]
Year = Annotated[
    int,
    BeforeValidator(_year),
    Field(json_schema_extra={"minimum": FIRST_YEAR, "maximum": THIS_YEAR}),
]
DateText = Annotated[str, BeforeValidator(_date), Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Slug = Annotated[str, AfterValidator(_slug), BeforeValidator(_text)]
Url = Annotated[str, BeforeValidator(_text), Field(pattern=r"^https?://\S+$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Image(_Model):
    src: Text = Field(title="图片文件", description="相对本展品文件的路径，如 portrait.jpg")
    alt: Text = Field(
        min_length=2, title="替代文本", description="给看不见图片的观众听的描述：图中是谁、在做什么"
    )
    caption: Text | None = Field(None, title="图片说明")
    credit: Text | None = Field(None, title="图片来源或作者")
    illustration: bool = Field(
        False,
        title="是否为示意插图",
        description="绘制或生成的插图（不是实物照片）时填 true，页面会注明",
    )
    minors: bool = Field(
        False, title="照片中有未成年人", description="照片里有未成年人时填 true，并填写 consent"
    )
    consent: Text | None = Field(
        None,
        title="监护人同意书",
        description="监护人书面同意书的编号或说明；照片中有未成年人时必填",
    )


class Honor(_Model):
    title: Text = Field(
        title="荣誉称号", description="须在词表中，如 全国劳动模范、浙江工匠、台州市劳动模范"
    )
    year: Year | None = Field(
        None, title="授予年份", description="四位年份；来源未写明时不填，不要猜"
    )
    note: Text | None = Field(None, title="备注")


class SourceRef(_Model):
    title: Text = Field(title="来源标题", description="文章、报道或书的标题，照原文抄写")
    publisher: Text | None = Field(
        None, title="发布单位或媒体", description="如 工人日报、中工网、某某市总工会"
    )
    date: DateText | None = Field(None, title="发布日期", description="如 2020-11-27")
    url: Url | None = Field(None, title="网址")
    note: Text | None = Field(None, title="备注")


class Audio(_Model):
    """语音导览: a local recording and its whole text (for visitors who cannot hear it, and for search)."""

    src: Text = Field(
        title="音频文件",
        description="相对本展品文件的路径，MP3、M4A（AAC）或 Ogg（Opus/Vorbis），如 guide.mp3",
    )
    transcript: Text = Field(
        min_length=4, title="文字稿", description="讲解词全文，显示在播放器旁边；必填"
    )
    title: Text | None = Field(None, title="标题", description="如 语音导览")
    synthetic: bool = Field(
        False, title="合成语音", description="用语音合成软件朗读的录音填 true，页面会注明"
    )


class Video(_Model):
    """A local video with its poster and captions; never an embedded external player."""

    src: Text = Field(title="视频文件", description="相对本展品文件的路径，MP4（H.264/AAC）或 WebM")
    poster: Text = Field(
        title="封面图片", description="视频播放前显示的图片（JPG、PNG 或 WebP），放在展品文件夹里"
    )
    captions: Text = Field(title="字幕文件", description="WebVTT 格式（.vtt）的中文字幕；必填")
    title: Text | None = Field(None, title="标题")
    description: Text | None = Field(None, title="视频说明")


class _Exhibit(_Model):
    summary: Text = Field(
        min_length=4,
        max_length=120,
        title="一句话简介",
        description="120 字以内，显示在卡片和页面开头",
    )
    era: Text | None = Field(None, title="年代", description="不填时按荣誉年份推断")
    related: list[Slug] = Field(
        default_factory=list, title="相关展品", description="其他展品的文件名（slug）"
    )
    sources: list[SourceRef] = Field(
        min_length=1, title="资料来源", description="事实必须有出处，至少一条"
    )
    tags: list[Text] = Field(default_factory=list, title="标签")
    featured: bool = Field(False, title="序厅推荐")
    added: DateText | None = Field(
        None, title="上展日期", description="如 2026-11-20；最近上展的展品进入订阅（RSS）"
    )
    public_numbers: list[Text] = Field(
        default_factory=list,
        title="允许公开的号码",
        description="确需公开的电话、地址（如单位的公开服务电话），原样照抄；只有列在这里的才不报个人信息错误",
    )
    audio: Audio | None = Field(None, title="语音导览", description="本地音频文件和必填的文字稿")
    video: Video | None = Field(None, title="视频", description="本地视频文件、封面和必填的字幕")


class Tie(_Model):
    """One side of a mentor-apprentice pairing (名师带徒): a person of the hall, or a name."""

    slug: Slug | None = Field(
        None, title="人物（展品）", description="馆内人物档案的文件名（slug），如 zha-zhao"
    )
    name: Text | None = Field(
        None,
        min_length=2,
        max_length=20,
        title="姓名",
        description="馆外的人（没有档案）写姓名；slug 和 name 只写一个",
    )
    since: Year | None = Field(
        None, title="结对年份", description="拜师或师徒结对的年份；来源没写就不填，不要猜"
    )
    note: Text | None = Field(
        None, max_length=60, title="备注", description="如 签订“名师带徒”合同；只写来源说了的"
    )


def _when(value: Any) -> Any:
    """A date or date-time as written; hall.model.events and hall.model.activities read it (E801, E852), so a plain
    2026-12-05 is welcome here."""
    if isinstance(value, (dict, list)):
        raise PydanticCustomError("string_type", "not text")
    return str(value).strip()


class SocialActivity(_Model):
    """社会活动记录: what a model worker did for others, on a day a source names."""

    model_config = ConfigDict(json_schema_extra={"required": ["type", "date", "text", "source"]})

    type: Text = Field(
        title="活动类型",
        description="须在词表中：宣讲、志愿服务、技术服务、助企、进校园、疗休养……；"
        "新类型在 mkdocs.yml 的 vocabularies.activity_types 登记",
    )
    date: Annotated[str, BeforeValidator(_when)] = Field(
        title="日期",
        description="如 2023-05-09；来源只写到月或年时写 2023-05 或 2023",
        json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    )
    place: Text | None = Field(None, max_length=40, title="地点")
    text: Text = Field(
        min_length=4, max_length=200, title="内容", description="一两句话，只写来源说了的"
    )
    source: SourceRef | None = Field(
        None, title="资料来源", description="这次活动的出处（必填）：报道的标题、发布单位、日期"
    )


_TIES = "馆内人物写文件名（slug）；馆外的人写成 {name: 姓名}；知道结对年份再加 since"


class Person(_Exhibit):
    """劳模、工匠"""

    name: Text = Field(min_length=2, max_length=20, title="姓名")
    pinyin: Text | None = Field(
        None, title="姓名拼音", description="不填时自动生成，多音字姓氏可在此更正，如 Zha Zhao"
    )
    gender: Literal["男", "女"] | None = Field(None, title="性别")
    birth_year: Year | None = Field(None, title="出生年份")
    region: Text = Field(title="地区", description="用“/”分隔，如 浙江省/嘉兴市/嘉善县")
    trade: Text | None = Field(
        None,
        title="行业",
        description="国民经济行业门类，如 制造业；或 传统工艺。"
        "来源没有写明就不填，页面显示“未注明”，不进任何行业展厅",
    )
    occupation: Text | None = Field(None, title="职业或工种")
    employer: Text | None = Field(None, title="工作单位")
    honors: list[Honor] = Field(
        default_factory=list, title="荣誉", description="每项写称号和年份；没有获得称号的工匠可不填"
    )
    portrait: Image | None = Field(
        None, title="肖像照片", description="须为本人真实照片且有授权；没有就不填，页面显示姓氏印章"
    )
    mentors: list[Slug | Tie] = Field(
        default_factory=list, title="师傅", description="带过本人的师傅。" + _TIES
    )
    apprentices: list[Slug | Tie] = Field(
        default_factory=list,
        title="徒弟",
        description="本人带的徒弟。" + _TIES + "；只在一方的档案里写，两边的页面都会显示",
    )
    activities: list[SocialActivity] = Field(
        default_factory=list,
        title="社会活动",
        description="宣讲、志愿服务、技术服务等社会活动记录，每项写类型、日期、内容和资料来源",
    )


class Artifact(_Exhibit):
    """匠品：手工艺作品、技术革新成果"""

    title: Text = Field(min_length=2, title="作品名称")
    maker: Slug | None = Field(
        None, title="制作者（展品）", description="制作者的人物档案文件名（slug）"
    )
    maker_name: Text | None = Field(
        None, title="制作者姓名", description="制作者没有人物档案时填写姓名"
    )
    category: Text = Field(title="类别", description="如 石雕、竹编、漆器、鸟笼、竹笛、技术革新")
    material: Text | None = Field(None, title="材料")
    technique: Text | None = Field(None, title="技艺")
    year: Year | None = Field(None, title="创作年份")
    region: Text | None = Field(None, title="地区")
    trade: Text = Field("传统工艺", title="行业")
    collection: Text | None = Field(None, title="收藏单位")
    images: list[Image] = Field(min_length=1, title="图片")


class Collective(_Exhibit):
    """模范集体、创新工作室"""

    name: Text = Field(min_length=2, title="名称")
    type: Text = Field(title="类型", description="如 模范集体、创新工作室、技能大师工作室")
    region: Text = Field(title="地区")
    trade: Text = Field(title="行业")
    employer: Text | None = Field(None, title="依托单位")
    established: Year | None = Field(None, title="成立年份")
    leader: Slug | None = Field(None, title="领衔人（展品）")
    members: list[Slug] = Field(default_factory=list, title="成员（展品）")
    honors: list[Honor] = Field(default_factory=list, title="荣誉")
    images: list[Image] = Field(default_factory=list, title="图片")


# 义务教育劳动课程标准（2022 年版）: grade bands and the ten task groups.
GRADE_BANDS = {"1-2": "一至二年级", "3-4": "三至四年级", "5-6": "五至六年级", "7-9": "七至九年级"}
TASK_GROUPS = (
    "清洁与卫生",
    "整理与收纳",
    "烹饪与营养",
    "家用器具使用与维护",
    "农业生产劳动",
    "传统工艺制作",
    "工业生产劳动",
    "新技术体验与应用",
    "现代服务业劳动",
    "公益劳动与志愿服务",
)


class Objectives(_Model):
    """The four competences of the curriculum standard."""

    concept: Text = Field(min_length=4, title="劳动观念")
    ability: Text = Field(min_length=4, title="劳动能力")
    habits: Text = Field(min_length=4, title="劳动习惯和品质")
    spirit: Text = Field(min_length=4, title="劳动精神")


class Activity(_Model):
    title: Text = Field(min_length=2, title="环节", description="如 讲故事、讨论、动手做、分享")
    minutes: int | None = Field(None, ge=1, le=240, title="时长（分钟）")
    description: Text = Field(min_length=4, title="做法")


class WorksheetTask(_Model):
    task: Text = Field(min_length=2, title="任务")
    lines: int | None = Field(
        None, ge=0, le=12, title="作答横线数", description="不填时用任务单的 lines"
    )
    draw: bool = Field(
        False, title="留画图框", description="画一画、涂一涂的任务填 true，页面上留一个方框"
    )


class Worksheet(_Model):
    title: Text | None = Field(None, title="任务单标题")
    tasks: list[Text | WorksheetTask] = Field(
        min_length=1,
        title="任务",
        description="每项一个任务或问题，页面上留出作答横线；要画图框或不同行数时写成 task、draw、lines",
    )
    lines: int = Field(3, ge=0, le=12, title="每题作答横线数")


class Lesson(_Exhibit):
    """劳动教育课：用馆内展品上的一节课"""

    title: Text = Field(min_length=2, max_length=40, title="课题")
    grade: Literal[tuple(GRADE_BANDS)] = Field(title="年级段", description="1-2、3-4、5-6 或 7-9")
    hours: int = Field(1, ge=1, le=8, title="课时")
    task_group: Literal[TASK_GROUPS] = Field(
        title="任务群", description="劳动课程标准的十个任务群之一，如 传统工艺制作"
    )
    objectives: Objectives = Field(title="教学目标")
    exhibits: list[Slug] = Field(
        min_length=1, title="用到的展品", description="展品的文件名（slug）"
    )
    preparation: list[Text] = Field(default_factory=list, title="课前准备")
    activities: list[Activity] = Field(min_length=1, title="教学环节", description="按上课顺序写")
    questions: list[Text] = Field(default_factory=list, title="讨论问题")
    worksheet: Worksheet = Field(title="学习任务单")


class Selected(_Model):
    slug: Slug = Field(title="展品", description="展品的文件名（slug）")
    caption: Text | None = Field(
        None, title="展签", description="本单元里替代展品简介的说明，只写来源说了的"
    )


class Hotspot(_Model):
    """A place in a panorama that leads on: to an exhibit, or to a unit of the same exhibition."""

    yaw: float = Field(
        title="水平角（度）",
        description="-180 到 180；0 是全景图的正中，向右为正，图的左右两端是 ±180",
    )
    pitch: float = Field(
        title="俯仰角（度）", description="-90 到 90；0 是水平线，向上为正，正上方是 90"
    )
    exhibit: Slug | None = Field(None, title="展品", description="展品的文件名（slug）")
    unit: Slug | None = Field(None, title="单元", description="本展览中一个单元的锚点")
    label: Text | None = Field(None, title="热点文字", description="不填时用展品或单元的名称")


class Panorama(Image):
    """全景: an equirectangular (2:1) photo of the hall, looked around in the viewer, with its hotspots."""

    src: Text = Field(
        title="全景图片",
        description="等距柱状投影（宽是高的 2 倍）的 720° 全景照片，JPG，相对本展览文件的路径",
    )
    hotspots: list[Hotspot] = Field(
        default_factory=list, title="热点", description="全景中指向展品或单元的位置"
    )


class Unit(_Model):
    """展区/单元: a part of an exhibition, walked in order."""

    title: Text = Field(min_length=2, max_length=40, title="单元标题")
    anchor: Slug | None = Field(
        None,
        title="锚点",
        description="本单元网址 # 后的名字；不填时按标题拼音生成，如 shen-gong-diao-lou",
    )
    text: Text | None = Field(None, title="单元说明", description="Markdown 文字，只写来源说了的")
    exhibits: list[Slug | Selected] = Field(
        default_factory=list,
        title="展品",
        description="按陈列顺序写展品的文件名，或写成 slug 和 caption（展签）",
    )
    images: list[Image] = Field(default_factory=list, title="图片")
    audio: Audio | None = Field(None, title="语音导览")
    video: Video | None = Field(None, title="视频")
    panorama: Panorama | None = Field(
        None, title="全景", description="本单元的 720° 全景照片和热点"
    )


class Exhibition(_Exhibit):
    """展览：馆员编排的展览，按单元参观"""

    title: Text = Field(min_length=2, max_length=40, title="展览名称")
    intro: Text = Field(min_length=4, title="前言", description="展览的介绍，Markdown 文字")
    order: int | None = Field(
        None,
        ge=0,
        le=9999,
        title="排序",
        description="展览之间的先后，小的在前；不填的排在后面，按名称拼音",
    )
    images: list[Image] = Field(
        default_factory=list, title="图片", description="第一张用作展览的封面"
    )
    units: list[Unit] = Field(min_length=1, title="单元", description="按参观顺序写")
    panorama: Panorama | None = Field(None, title="全景", description="展厅的 720° 全景照片和热点")


KINDS: dict[str, type[_Exhibit]] = {
    "people": Person,
    "artifacts": Artifact,
    "collectives": Collective,
    "lessons": Lesson,
}
KIND_LABELS = {"people": "人物", "artifacts": "匠品", "collectives": "集体", "lessons": "劳动课"}
KINDS["exhibitions"], KIND_LABELS["exhibitions"] = Exhibition, "展览"


# --- the hall's own pages and its events: files under exhibits/ that are no exhibits ------------------


When = Annotated[
    str,
    BeforeValidator(_when),
    Field(
        json_schema_extra={
            "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?(\+08:00)?)?$|^\d{2}:\d{2}$"
        }
    ),
]
AUDIENCES = ("职工", "学生", "公众")
EVENT_STATUSES = ("报名中", "已满", "已取消", "已结束")
PAGE_BLOCKS = ("参观信息", "近期活动", "联系方式")


class _Entry(_Model):
    """What the hall's own pages and events share with exhibits' files: sources, tags, pictures, allowed numbers."""

    summary: Text | None = Field(
        None,
        min_length=4,
        max_length=120,
        title="一句话简介",
        description="120 字以内，显示在卡片、搜索结果和页面开头",
    )
    images: list[Image] = Field(
        default_factory=list, title="图片", description="每张都要写替代文本 alt"
    )
    sources: list[SourceRef] = Field(
        default_factory=list, title="资料来源", description="写到真实的人和事时必须注明出处"
    )
    tags: list[Text] = Field(default_factory=list, title="标签")
    added: DateText | None = Field(
        None, title="发布日期", description="如 2026-11-20；活动按它（或开始日期）进入订阅（RSS）"
    )
    public_numbers: list[Text] = Field(
        default_factory=list,
        title="允许公开的号码",
        description="确需公开的电话（如预约电话），原样照抄；mkdocs.yml 参观信息里的号码不用再写",
    )


class FreePage(_Entry):
    """本馆页面：参观指南、关于本馆、无障碍说明等馆员自己写的页面"""

    title: Text = Field(min_length=2, max_length=20, title="标题", description="也是导航栏里的名称")
    order: int = Field(
        100, ge=0, le=9999, title="顺序", description="同一导航位置里按这个数从小到大排列"
    )
    nav: Text = Field(
        "本馆",
        min_length=1,
        max_length=8,
        title="导航位置",
        description="放在导航栏的哪一栏：已有栏目的名称（如 活动），或新栏目的名称；默认“本馆”",
    )
    footer: bool = Field(
        False, title="页脚链接", description="填 true 时页脚也链接到本页（如参观指南、无障碍说明）"
    )
    blocks: list[Literal[PAGE_BLOCKS]] = Field(
        default_factory=list,
        title="插入的内容",
        description="参观信息：mkdocs.yml 中的地址、开放时间、预约和交通；近期活动：即将举行的活动；"
        "联系方式：mkdocs.yml 中的咨询电话和电子邮箱",
    )


class Booking(_Model):
    required: bool = Field(True, title="需要预约或报名")
    phone: Text | None = Field(
        None, title="预约电话", description="不填时用 mkdocs.yml 参观信息的预约电话"
    )
    url: Url | None = Field(None, title="预约网址")
    deadline: When | None = Field(None, title="报名截止", description="如 2026-12-03 17:00")
    note: Text | None = Field(None, title="预约说明", description="如 团体请提前三天预约")


class Event(_Entry):
    """活动：课程、研学、宣讲、志愿服务、展览开幕……"""

    title: Text = Field(min_length=2, max_length=40, title="活动名称")
    type: Text = Field(
        title="活动类型",
        description="须在词表中：课程、研学、宣讲、志愿服务、展览开幕……；新类型在 mkdocs.yml 登记",
    )
    start: When = Field(title="开始", description="北京时间，如 2026-12-05 14:00；只写日期表示全天")
    end: When | None = Field(
        None, title="结束", description="如 2026-12-05 16:00，同一天可只写 16:00；来源没写就不填"
    )
    rrule: Text | None = Field(
        None,
        title="重复规则",
        description=(
            "iCalendar 的 RRULE，如 FREQ=MONTHLY;BYDAY=1SA;COUNT=6（每月第一个周六，共 6 次）；须有 COUNT 或 UNTIL"
        ),
    )
    skip: list[When] = Field(
        default_factory=list,
        title="不举行的日期",
        description="重复活动中停办的日期，如 2027-02-06",
    )
    place: Text | None = Field(
        None, title="地点", description="不填时为本馆（mkdocs.yml 参观信息的地址）"
    )
    audience: list[Literal[AUDIENCES]] = Field(
        default_factory=list, title="对象", description="职工、学生、公众"
    )
    capacity: int | None = Field(None, ge=1, le=100000, title="名额")
    booking: Booking | None = Field(None, title="预约报名")
    status: Literal[EVENT_STATUSES] | None = Field(
        None, title="状态", description="报名中、已满、已取消或已结束；不填时按日期显示"
    )
    exhibits: list[Slug] = Field(
        default_factory=list, title="相关展品", description="人物、匠品、集体的文件名（slug）"
    )
    lessons: list[Slug] = Field(
        default_factory=list, title="用到的劳动课", description="劳动课的文件名（slug）"
    )
    example: bool = Field(
        False, title="示例", description="日期等是演示用的虚构内容时填 true，页面会注明“示例”"
    )


# Folders of the hall's own files (not exhibits: no galleries, lists or open data), with their labels.
SECTIONS: dict[str, type[_Entry]] = {"pages": FreePage, "events": Event}
SECTION_LABELS = {"pages": "本馆", "events": "活动"}
ALL_KINDS: dict[str, type[_Model]] = {**KINDS, **SECTIONS}


def json_schema() -> dict:
    """JSON Schema for all kinds, keyed by folder, for editor completion and checking."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "劳模工匠馆展品 front matter",
        "$defs": {
            kind: model.model_json_schema(ref_template=f"#/$defs/{kind}/$defs/{{model}}")
            for kind, model in ALL_KINDS.items()
        },
        "oneOf": [{"$ref": f"#/$defs/{kind}"} for kind in ALL_KINDS],
    }


# --- turning pydantic's errors into curator-facing problems ------------------------------------

TYPE_NAMES = {
    "int": "整数",
    "string": "文字",
    "list": "列表（每项以“- ”开头）",
    "dict": "“键: 值”的映射",
    "model": "“键: 值”的映射",
    "bool": "true 或 false",
    "literal": "",
}
_MEDIA_REQUIRED = {  # what a recording or a video may not go without: the words, for those who cannot hear them
    "transcript": codes.E834,
    "captions": codes.E835,
    "poster": codes.E836,
}
_CUSTOM = {  # our own error types (PydanticCustomError), and their codes
    "hall_year": codes.E104,
    "hall_year_range": codes.E104_RANGE,
    "hall_date": codes.E103_DATE,
    "hall_slug": codes.E304_FIELD,
    "hall_yaml_conversion": codes.E105,
}


def _field_titles(model: type[BaseModel]) -> dict[str, str]:
    return {name: (f.title or name) for name, f in model.model_fields.items()}


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as `list[Honor]` or `Image | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_nested_model, get_args(annotation))), None)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel]:
    """The nested model that owns the last key of `loc`."""
    for part in loc[:-1]:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        nested = _nested_model(field.annotation) if field else None
        if field and not nested:
            break
        model = nested or model
    return model


def field_at(model: type[BaseModel], loc: tuple):
    """The schema field (pydantic FieldInfo) a key path names; a list item's is its list's. None if unknown."""
    while loc and isinstance(loc[-1], int):
        loc = loc[:-1]
    return _model_at(model, loc).model_fields.get(loc[-1]) if loc else None


def key_text(loc: tuple) -> str:
    """A key path as curators read it: honors.第1项.year."""
    return ".".join(f"第{p + 1}项" if isinstance(p, int) else str(p) for p in loc)


def _describe(model: type[BaseModel], err: dict) -> Notice:
    """What to say for one pydantic error."""
    loc = tuple(err["loc"])
    key = key_text(loc)
    titles = _field_titles(_model_at(model, loc))
    name = str(loc[-1]) if loc else ""
    label = f"“{key}”（{titles[name]}）" if name in titles and titles[name] != name else f"“{key}”"
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    said = dict(label=label, value=value)
    if kind == "extra_forbidden" and (finding := privacy.private_key(name)):
        return privacy.problem(finding, f"“{key}”")
    if kind == "extra_forbidden":
        by_title = {title: field for field, title in titles.items()}
        near = by_title.get(name) or suggest(name, list(titles))
        return codes.E101.of(name=name, near=near, fields="、".join(titles))
    if kind == "missing" and name == "alt":
        return codes.E403.of(image=key.removesuffix(".alt"))
    if kind == "missing" and name in _MEDIA_REQUIRED:
        return _MEDIA_REQUIRED[name].of(key=key.rpartition(".")[0])
    if kind == "missing":
        return codes.E102.of(label=label, name=name)
    if kind in _CUSTOM:
        return _CUSTOM[kind].of(**said, **ctx, first=FIRST_YEAR, last=THIS_YEAR)
    return _describe_constraint(kind, ctx, said)


def _describe_constraint(kind: str, ctx: dict, said: dict) -> Notice:
    """What to say for a value that breaks one of pydantic's own constraints."""
    if kind == "too_short":
        return codes.E106_LIST.of(**said)
    if kind == "string_too_short":
        return (
            codes.E106_SHORT.of(**said, min=ctx.get("min_length"))
            if said["value"]
            else codes.E106.of(**said)
        )
    if kind == "string_too_long":
        return codes.E107.of(**said, length=len(str(said["value"])), max=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        return codes.E103_PATTERN.of(**said)
    if kind == "literal_error":
        return codes.E108.of(**said, expected=str(ctx.get("expected", "")).replace(" or ", " 或 "))
    if kind == "greater_than_equal":
        return codes.E108_MIN.of(**said, bound=ctx.get("ge"))
    if kind == "less_than_equal":
        return codes.E108_MAX.of(**said, bound=ctx.get("le"))
    for prefix, type_name in TYPE_NAMES.items():
        if kind.startswith(prefix):
            return codes.E103.of(**said, expected=type_name or "允许的值")
    return codes.E199.of(**said)


def validate(
    kind: str, source: Source, rel: str, report: Report, fields: dict | None = None
) -> _Exhibit | None:
    """Validate a parsed file against its kind's schema; problems go to the report, and with `fields` (the
    workspace's) the key path each problem is about (a missing field has no line of its own)."""
    return validate_model(ALL_KINDS[kind], source, rel, report, fields)


def validate_model(
    model: type[BaseModel], source: Source, rel: str, report: Report, fields: dict | None = None
):
    """Validate parsed YAML with lines (a file's front matter, or a section of mkdocs.yml) against a model."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        for err in _without_union_branches(exc.errors()):
            report.add(_describe(model, err).at(rel, source.line_of(err["loc"])))
            if fields is not None:
                fields[report.problems[-1]] = tuple(err["loc"])
        return None


_BRANCH = re.compile(
    r"^[A-Z]\w*$|[\[(-]"
)  # pydantic's names for a union's branches: WorksheetTask, function-before[...]


def _without_union_branches(errors: list[dict]) -> list[dict]:
    """A value that may be text or a mapping (a worksheet task) fails both ways: report the way the curator
    chose (a mapping when they wrote one), under the key path they wrote."""
    kept = []
    for err in errors:
        loc = tuple(err["loc"])
        branch = next(
            (i for i, part in enumerate(loc) if isinstance(part, str) and _BRANCH.search(part)),
            None,
        )
        if branch is not None:
            wrote_mapping = isinstance(err.get("input"), dict) or len(loc) > branch + 1
            if wrote_mapping == (loc[branch][:1].isupper()):
                kept.append({**err, "loc": loc[:branch] + loc[branch + 1 :]})
        else:
            kept.append(err)
    return kept
