"""The catalogue of problem codes: every code's words, once. README's table of codes is tested
against it (tests/model/test_codes.py), and no other module of the package writes a code.

A code found in several situations has one entry per situation, named after it (`E304_FIELD`),
made with `variant` so that what the situations share is written once. Templates are str.format
strings: their fields are named, and a literal brace is doubled. `near=NEAR` makes the hint a
suggestion when the check found a close match (the field `near`).
"""

from __future__ import annotations

from hall.model.problems import Code

NEAR = "是不是“{near}”？"

# --- E0: reading a file -----------------------------------------------------------------------

E001 = Code(
    "E001",
    "文件是{encoding}，不是 UTF-8，无法正确读取中文",
    "用记事本打开这个文件，点“文件”→“另存为”，在窗口下方的“编码”中选“UTF-8”，保存并替换原文件；"
    "用别的编辑器也是“另存为”UTF-8（VS Code：点右下角的编码，选“通过编码保存”→ UTF-8）",
)
E002 = Code(
    "E002",
    "文件开头没有 front matter（基本信息）",
    "文件第一行应为“---”，接着写基本信息，再用一行“---”结束",
)
E002_UNCLOSED = E002.variant(message="front matter 没有结束标记", hint="在基本信息后面加一行“---”")
E002_EMPTY = E002.variant(
    message="front matter 是空的", hint="请至少填写必填字段，可用 build_hall.py new 生成模板"
)
E003 = Code("E003", "YAML 语法错误", "检查这一行及上一行的缩进、冒号和引号")
E003_SPAN = "{message}：从第 {start} 行开始，到第 {end} 行还没有结束"  # a construct left open
E003_COLON = E003.variant(
    message="这里出现了多余的冒号“:”", hint="值里含有冒号时，请给整个值加上引号"
)
E003_DEEPER = E003.variant(
    message="这一行比第 {prev} 行缩进得多，可第 {prev} 行的值已经写完了，这一行不能写在它下面",
    hint="同一层的键要左端对齐：用空格把这一行和第 {prev} 行的键对齐；值里含有冒号时，请给整个值加上引号",
)
E003_TAB = E003.variant(
    message="出现了不能使用的字符（常见于用 Tab 键缩进）", hint="请用空格缩进，不要用 Tab"
)
E003_NO_COLON = E003.variant(message="缺少冒号“:”", hint="每一行应写成“键: 值”，冒号后留一个空格")
E003_QUOTE = E003.variant(message="引号没有配对", hint="检查这一行的引号是否成对")
E003_BRACKET = E003.variant(
    message="方括号“[”没有配对", hint="在列表末尾补上“]”，或给含有“[”的值加上引号"
)
E003_BRACE = E003.variant(
    message="花括号“{{”没有配对", hint="在末尾补上“}}”，或给含有“{{”的值加上引号"
)
E003_INDENT = E003.variant(message="缩进不一致", hint="同一层的键要对齐，列表项用“- ”开头")
E003_LIST_INDENT = E003.variant(message="列表缩进不一致", hint="同一列表的每一项都以“- ”开头并对齐")
E003_ALIAS = E003.variant(message="使用了未定义的别名“*”", hint="去掉“*”或给值加上引号")
E003_CONTROL = E003.variant(
    message="含有不可见的控制字符（编码 {char}）",
    hint="常见于从网页或 Word 复制的文字：删掉这一行再重新输入",
)
E004 = Code(
    "E004",
    "字段“{key}”重复出现（第一次在第 {first} 行）",
    "删除其中一个；YAML 只会保留最后一个，前面的内容会悄悄丢失",
)
E005 = Code("E005", "front matter 应该是“键: 值”的列表", "每一行写成“键: 值”")
E005_KEY = E005.variant(message="不支持这种写法的键", hint="键应是简单的文字，如“name”")
E006 = Code(
    "E006",
    "使用了 YAML 别名或锚点（“&”“*”）",
    "直接写出每个值；值以 & 或 * 开头时请给整个值加上引号",
)
E007 = Code("E007", "基本信息嵌套层数过多", "每个字段最多嵌套几层，请对照模板改写")
E008 = Code(
    "E008",
    "文件太大（{size} KB），不像是一篇档案",
    "档案正文请控制在 {limit} KB 以内；长篇资料可以分成几篇，或只摘录并注明出处",
)

# --- E1: the fields of one file ---------------------------------------------------------------
# `label` is the key as curators read it: “honors.第1项.year”（授予年份）

E101 = Code("E101", "未知字段“{name}”", "可用字段：{fields}", near=NEAR)
E102 = Code("E102", "缺少必填字段{label}", "请填写 {name}")
E102_EVENT_SOURCES = E102.variant(
    message="活动写到了馆内的人物或作品，缺少资料来源 sources",
    hint="写明介绍这些人和事的文章，或活动通知的出处",
)
E103 = Code("E103", "{label}的类型不对", "应为{expected}")
E103_DATE = E103.variant(
    message="{label}的值“{value}”不是日期", hint="写成 2020-11-27、2020-11 或 2020"
)
E103_PATTERN = E103.variant(
    message="{label}的值“{value}”格式不对", hint="网址应以 http:// 或 https:// 开头"
)
E104 = Code("E104", "{label}的值“{value}”不是四位年份", "写成四位数字，如 2020")
E104_RANGE = E104.variant(
    message="{label}的值“{value}”超出范围", hint="年份应在 {first} 到 {last} 之间"
)
E105 = Code(
    "E105",
    "{label}的值 {value} 没有加引号，YAML 会把它当成{meaning}",
    '如果这是文字，请加上引号："{value}"',
)
E106 = Code("E106", "{label}不能为空", "请填写内容")
E106_LIST = E106.variant(hint="至少写一项")
E106_SHORT = E106.variant(message="{label}太短", hint="至少 {min} 个字")
E107 = Code("E107", "{label}太长（{length} 字）", "请控制在 {max} 字以内，详细内容写在正文里")
E108 = Code("E108", "{label}的值“{value}”无效", "应为：{expected}")
E108_MIN = E108.variant(message="{label}的值“{value}”超出范围", hint="不能小于 {bound}")
E108_MAX = E108_MIN.variant(hint="不能大于 {bound}")
E109 = Code("E109", "{label}还是模板里的示例文字", "换成真实的内容")
E109_REQUIRED = E109.variant(
    hint="换成{whose}{title}{about}"
)  # about: “：” and the field's description
E109_OPTIONAL = E109.variant(hint="换成{whose}{title}{about}；没有就删去这一行")
E109_BODY = E109.variant(
    message="正文还是模板里的示例文字",
    hint="换成自己写的正文：只写资料来源里有的事实，不编造引语、日期和细节",
)
E199 = Code(
    "E199", "{label}的值不符合要求", "对照 hall new 生成的模板或 hall schema 的字段说明改写"
)

# --- E2: vocabularies -------------------------------------------------------------------------

_NEW_HONOR = "新的称号可在 mkdocs.yml 的 vocabularies.honors 中登记"
E201 = Code(
    "E201",
    "荣誉称号“{title}”不在荣誉词表中",
    "市、县级称号请写全称，如“台州市劳动模范”。" + _NEW_HONOR,
    near=NEAR + _NEW_HONOR,
)
E202 = Code(
    "E202",
    "行业“{name}”不在行业词表中",
    "请用国民经济行业门类名称，如 制造业、教育；手工艺填 传统工艺",
    near=NEAR,
)
E203 = Code("E203", "地区的写法不对", "用“/”分隔省、市、县，例如“浙江省/嘉兴市/嘉善县”")
E203_PROVINCE = E203.variant(
    message="“{part}”不是省级行政区",
    hint="第一级应是省级行政区的全称，例如“浙江省”",
    near=NEAR,
)
E203_PLACE = E203.variant(
    message="“{part}”不像行政区名称", hint="市、县、区要写全称，例如“嘉兴市”“嘉善县”"
)
E204 = Code("E204", "年代“{era}”不在年代词表中", "可以不填，系统按荣誉年份推断", near=NEAR)
E205 = Code("E205", "“{value}”不在匠品类别词表中", "可选：{choices}", near=NEAR)
E206 = E205.variant(code="E206", message="“{value}”不在集体类型词表中")

# --- E3: names and references -----------------------------------------------------------------

E301 = Code(
    "E301",
    "展品名“{slug}”与 {other} 重复",
    "每个展品的文件名（slug）在全馆必须唯一，请改名其中一个",
)
E302 = Code(
    "E302", "引用的展品“{slug}”不存在", "填写展品的文件名（不含 .md），如 chai-jinfu", near=NEAR
)
E302_PROFILE = E302.variant(  # a register's 档案 column
    message="档案“{slug}”不存在", hint="填 exhibits/people/ 中人物档案的文件名；没有档案就空着"
)
E303 = Code("E303", "“{slug}”是{kind}展品，这里应引用{wanted}", "填写{wanted}的文件名")
E303_SELF = E303.variant(message="展品不能引用自己", hint="从 {field} 中删去“{slug}”")
E303_PROFILE = E303.variant(
    message="档案“{slug}”不是人物档案", hint="填 exhibits/people/ 中人物档案的文件名"
)
E304 = Code(
    "E304",
    "文件名“{slug}”不能用作网址",
    "请改名为只含小写拼音、数字和“-”的名字，如“{better}”",
)
E304_FIELD = E304.variant(  # a field that names an exhibit
    message="{label}的值“{value}”不是有效的展品文件名（slug）",
    hint="只用小写拼音字母、数字和“-”，如 chai-jinfu",
)
E304_PROFILE = E304.variant(
    message="档案“{slug}”不是有效的展品文件名",
    hint="填人物档案的文件名（不含 .md），如 chai-jinfu；没有档案就空着",
)
E304_RESERVED = E304.variant(
    message="活动的文件名“{slug}”留给了活动日历的页面（往期活动、每月一页）",
    hint="请改名，如“{slug}-huo-dong”",
)

# --- E4: images -------------------------------------------------------------------------------

E401 = Code("E401", "找不到图片“{src}”", "检查文件名（区分大小写）和扩展名", near=NEAR)
E402 = Code(
    "E402",
    "图片“{src}”在展品文件夹之外",
    "图片要放在展品文件旁边（同一文件夹），路径里不要用“..”或以“/”开头",
)
E402_LINK = E402.variant(
    message="图片“{src}”是指向展品文件夹之外的链接", hint="请把图片文件本身复制到展品文件夹"
)
E403 = Code("E403", "图片“{image}”缺少替代文本 alt", "用一句话写明图中是谁、在做什么，方便视障观众")
E404 = Code("E404", "图片“{src}”的格式不支持", "请使用 JPG、PNG 或 WebP 格式")
E404_FORMAT = E404.variant(message="不支持的图片格式 {format}", hint="请另存为 JPG、PNG 或 WebP")
E404_UNREADABLE = E404.variant(message="无法读取图片", hint="检查文件是否存在、是否有读取权限")
E404_NOT_IMAGE = E404.variant(
    message="图片文件已损坏或不是图片", hint="请重新导出或重新拍摄这张图片"
)
E404_BROKEN = E404_NOT_IMAGE.variant(message="图片文件已损坏或不完整")
E404_MARKUP = E404.variant(  # an upload in the workspace
    message="不接受 SVG 等矢量图或网页文件", hint="请上传 JPG、PNG 或 WebP 照片"
)
E405 = Code(
    "E405",
    "图片像素过多（超过 {megapixels} 百万像素），可能是异常文件",
    "请先把图片缩小到 6000×6000 像素以内",
)
IN_IMAGE = "图片“{src}”：{message}"  # an E404–E406 found while making an exhibit's image
E406 = Code("E406", "图片文件太大（{size} MB）", "请先缩小到 {limit} MB 以内")

# --- E6: private data -------------------------------------------------------------------------
# `where`: the quoted key, 正文中, 图片“a.jpg”的元数据 XPComment 中…

_ALLOW = "把它原样写进 front matter 的 public_numbers 列表"
E601 = Code(
    "E601", "{where}有身份证号码“{value}”，不能公开发布", "请删除；展馆不公开任何人的身份证号码"
)
E602 = Code(
    "E602",
    "{where}有手机号码“{value}”，不能公开发布",
    "请删除；如果确实要公开，例如单位的公开服务电话，" + _ALLOW,
)
E603 = Code(
    "E603",
    "{where}有家庭住址“{value}”，不能公开发布",
    "请删除门牌、楼栋和房间号，地区写到区县即可；如果这是可以公开的单位地址，" + _ALLOW,
)
E603_FIELD = E603.variant(
    message="字段{where}是用来记录个人信息（住址、电话或证件号码）的，不能公开发布",
    hint="请删除这个字段；展馆不公开住址、电话、证件号码等个人信息",
)
E603_COLUMN = E603.variant(
    message="列{where}是用来记录个人信息（住址、电话或证件号码）的，不能公开发布",
    hint="请删除这一列；名录不记录个人联系方式和证件号码",
)
IN_METADATA = (
    "；照片的说明、作者、备注可在看图软件的“属性”里或用 exiftool 清除"  # E601–E603 in a photo
)
IN_TAGS = (  # E601–E603 in a recording's tags
    "；音频、视频的标题、艺术家、注释等标签可在播放软件的“属性”里或用 ffmpeg -map_metadata -1 清除"
)
E604 = Code(
    "E604",
    "图片“{src}”中有未成年人，但没有监护人同意书",
    "在 consent 中写明监护人书面同意书的编号或说明；没有同意书就不要使用这张照片",
)

# --- E7: registers and the import -------------------------------------------------------------

E701 = Code(
    "E701",
    "第 {line} 行附近不是 UTF-8 编码，无法正确读取中文",
    "用 Excel 编辑后请“另存为”→“CSV UTF-8（逗号分隔）”，或用 build_hall.py import 重新导入",
)
E701_IMPORT = E701.variant(hint="请在 Excel 中另存为 .xlsx 或“CSV UTF-8（逗号分隔）”后再导入")
E701_CSV = E701.variant(
    message="第 {line} 行不是有效的 CSV", hint="多半是引号没有配对；请在 Excel 中打开后重新保存"
)
E701_BOOK = E701.variant(
    message="无法作为 Excel 工作簿打开（{error}）",
    hint="确认文件是 .xlsx 格式，不是改了扩展名的 .xls 或 CSV；也可在 Excel 中重新保存后再试",
)
E701_EMPTY = E701.variant(
    message="文件是空的", hint="第一行写表头（姓名、荣誉称号……），下面每行一项荣誉"
)
E702 = Code("E702", "未知的列“{header}”", "名录的列只能是：{headers}", near=NEAR)
E702_TWICE = E702.variant(message="表头“{header}”出现了两次", hint="删除重复的一列")
E702_MISSING = E702.variant(message="缺少“{header}”列", hint="名录的表头应为：{headers}")
E702_NOT_FOUND = E702.variant(  # a column the import needs
    message="找不到“{header}”列", hint="用 --map 指定，如 --map {column}={header}"
)
E703 = Code("E703", "姓名为空", "每一行都要写姓名；空行可以直接删除")
E703_HONOR = E703.variant(
    message="荣誉称号为空", hint="每一行是一项荣誉，要写称号，如“全国劳动模范”"
)
E704 = Code("E704", "性别“{gender}”无效", "只能写“男”或“女”，不知道就空着")
E705 = Code(
    "E705",
    "与第 {first} 行是同一条记录（姓名、荣誉称号、授予年份、出生年份都相同）",
    "删除其中一行",
)
E706 = Code(
    "E706", "姓名“{name}”不像姓名", "姓名应为 2 到 20 个字，不含数字；检查这一行的列是否错位"
)
E706_NEWLINE = E706.variant(message="“{column}”的格子里有换行", hint="每个格子只写一行")
E706_LONG = E706.variant(
    message="“{column}”的内容太长（{length} 字）", hint="每个格子不超过 {max} 字"
)
E707 = Code(
    "E707",
    "这一行有 {count} 个格子不在任何一列下（“{first}”）",
    "把内容移到对应的列，或删除多出的格子",
)
E708 = Code("E708", "出生年份 {born} 不早于授予年份 {year}", "检查两列是否填反或填错")
E709 = Code(
    "E709",
    "“{column}”的格子“{cell}”以“{sign}”开头，用 Excel 或 WPS 打开名录时会被当作公式运行",
    "名录里不能有公式：是文字就删掉开头的“{sign}”；是公式就在 Excel 中把它换成算出的值"
    "（复制这一格，“选择性粘贴”→“数值”）",
)
E710 = Code(
    "E710",
    "{column}的 {cell} 格是公式“{formula}”，文件里没有保存它算出的值，这一行没有导入",
    "这份表格多半是程序生成、没有在 Excel 或 WPS 里打开保存过：用 Excel 或 WPS 打开、保存后再导入；"
    "或在这一格直接填写内容",
)

E711 = Code(
    "E711",
    "“社会活动次数”的值“{value}”不是次数",
    "写一个整数，如 12（劳模管理系统里记的社会活动次数）；不知道就空着",
)

# --- E8: events and visiting information ------------------------------------------------------

E801 = Code(
    "E801",
    "{label}“{text}”不是日期和时间",
    "写成 2026-12-05 14:00（北京时间）；只写日期表示全天活动",
)
E801_NO_SUCH_DAY = E801.variant(
    message="{label}“{text}”是不存在的日期或时间",
    hint="检查月份、日子（如 2 月没有 30 日）和时间（0:00—23:59）",
)
E801_MIXED = E801.variant(
    message="开始和结束一个写了时间、一个只写了日期",
    hint="全天活动的开始和结束都只写日期；有时间的活动都写上时间，如 2026-12-05 14:00",
)
E802 = Code(
    "E802", "结束时间（{text}）早于开始时间", "检查 end 的日期和时间；跨天的活动把结束日期写全"
)
E802_HOLIDAY = E802.variant(message="节假日的最后一天（{text}）早于第一天", hint="检查 until")
E803 = Code(
    "E803",
    "活动已经结束（{day}），却标为“{status}”",
    "把 status 改为 已结束 或删去这一行；网站把结束了的活动放在往期活动里",
)
E804 = Code(
    "E804",
    "重复规则“{rule}”写法不对",
    "如 FREQ=MONTHLY;BYDAY=1SA;COUNT=6（每月第一个周六，共 6 次）或 FREQ=WEEKLY;BYDAY=SA;UNTIL=20270630",
)
E804_UNTIL = E804.variant(
    message="重复规则“{rule}”中 UNTIL 的日期“{until}”写法不对", hint="写成 UNTIL=20270630"
)
E804_START = E804.variant(
    message="开始日期 {start} 不是重复规则的日期，规则的第一次是 {first}",
    hint="把 start 改成第一次活动的日期和时间",
)
E804_NEVER = E804_START.variant(
    message="开始日期 {start} 不是重复规则的日期，规则从这天起一次也没有"
)
_NEW_TYPE = "新的类型可在 mkdocs.yml 的 vocabularies.event_types 中登记"
E805 = Code(
    "E805", "活动类型“{type}”不在词表中", "可选：{choices}" + _NEW_TYPE, near=NEAR + _NEW_TYPE
)
E806 = Code(
    "E806",
    "重复规则没有写到什么时候为止",
    "加上 COUNT=次数 或 UNTIL=结束日期，如 FREQ=MONTHLY;BYDAY=1SA;COUNT=6",
)
E806_MANY = E806.variant(
    message="重复规则产生了 {max} 次以上的活动",
    hint="用 COUNT 或 UNTIL 写明到哪天为止，如 COUNT=12",
)
E807 = Code(
    "E807",
    "开放日“{days}”写法不对",
    "开放日写成 周二至周日 或 周六、周日，时间写成 09:00、17:00",
)
E807_TWICE = E807.variant(message="{days}写了两次开放时间")
E807_TIME = E807.variant(message="时间“{value}”写法不对")
E807_CLOSES = E807.variant(message="闭馆时间 {closes} 不晚于开门时间 {opens}")
E807_HOLIDAY_TIME = E807_TIME.variant(hint="写成 09:00")
E808 = Code("E808", "报名截止时间晚于活动开始时间", "报名应在活动开始前截止")
E809 = Code(
    "E809",
    "不举行的日期“{text}”不是这个活动的日期",
    "skip 只写重复活动中原定要举行、现在停办的日期",
)
E809_NO_RULE = E809.variant(hint="只有写了重复规则 rrule 的活动才用 skip")

# --- E82, E83: exhibitions and media ----------------------------------------------------------

E821 = Code(
    "E821",
    "单元“{unit}”里的展品“{slug}”不存在",
    "填写展品的文件名（不含 .md），如 chai-jinfu",
    near=NEAR,
)
E822 = Code(
    "E822",
    "单元“{unit}”里“{slug}”选了两次（第 {first} 项和第 {second} 项）",
    "删去重复的一项；要写展签就写在保留的那一项上",
)
E823 = Code(
    "E823",
    "单元“{unit}”是空的：没有展品，也没有说明",
    "在 exhibits 里列出本单元的展品，或写上 text；不需要的单元请删去",
)
E824 = Code(
    "E824",
    "第 {unit} 个单元的锚点“{anchor}”与第 {other} 个单元相同",
    "给其中一个单元换个标题，或用 anchor 写一个不同的锚点",
)
E825 = Code("E825", "“{slug}”是一个展览，不能作为展品选入单元", "只选{kinds}展品")
E831 = Code("E831", "找不到文件“{src}”", "检查文件名（区分大小写）和扩展名", near=NEAR)
E832 = Code(
    "E832",
    "“{src}”在展品文件夹之外",
    "音频、视频和字幕要放在展品文件旁边（同一文件夹），不能是网址，路径里不要用“..”或以“/”开头",
)
E833 = Code("E833", "“{src}”的格式不支持", "{role}请用 {allowed}（扩展名 {suffixes}）")
E834 = Code(
    "E834",
    "“{key}”缺少文字稿 transcript",
    "把讲解词全文写在 transcript 里，页面显示在播放器旁边，听不见的观众也能读到",
)
E835 = Code(
    "E835",
    "“{key}”缺少字幕 captions",
    "为视频做一个 WebVTT 字幕文件（.vtt），放在展品文件夹里，写在 captions 里",
)
E836 = Code("E836", "“{key}”缺少封面图片 poster", "截取视频中的一帧存为 JPG，写在 poster 里")
E837 = Code(
    "E837",
    "“{src}”的扩展名是 {suffix}，但文件内容实际是 {found}",
    "请放入真正的 {expected} 文件；不要只改扩展名，要用转换软件另存",
)
E837_UNKNOWN = E837.variant(message="“{src}”的扩展名是 {suffix}，但文件内容看不出是什么格式")
E838 = Code(
    "E838",
    "“{src}”有 {size} MB，超过 {limit} MB 的上限",
    "压缩后再放入（音频 64–128 kbps 足够讲解；视频 720p），或在 mkdocs.yml 的 media 里调高上限",
)
E839 = Code(
    "E839",
    "字幕“{src}”不是 WebVTT 文件",
    "字幕文件要以“WEBVTT”开头、用 UTF-8 保存；SRT 字幕可用字幕软件另存为 WebVTT",
)

E840 = Code(
    "E840",
    "“{src}”长 {length}，超过 {limit} 的上限",
    "剪短后再放入（一段讲解三五分钟为宜），或在 mkdocs.yml 的 media 里调高 max_{role}_minutes",
)

# --- E826-E829: panoramas -------------------------------------------------------------------

E826 = Code(
    "E826",
    "全景热点指向的{what}“{name}”不存在",
    "exhibit 写展品的文件名（不含 .md），unit 写本展览中一个单元的锚点（网址 # 后的名字）",
)
E827 = Code(
    "E827",
    "全景热点的 {field} 是 {value}，超出 {low} 到 {high} 度的范围",
    "yaw 是水平角：-180 到 180（大于 180 的减去 360）；pitch 是俯仰角：-90（正下方）到 90（正上方）",
)
E828 = Code(
    "E828",
    "全景图片“{src}”是 {width}×{height} 像素，不是宽为高 2 倍的等距柱状全景图",
    "用全景相机或拼接软件导出“等距柱状投影（equirectangular）”的 2:1 图片，如 8192×4096",
)
E829 = Code(
    "E829",
    "全景热点{what}",
    "每个热点只写一个目标：exhibit（展品）或 unit（本展览的单元）",
)

# --- E84, E85: mentors and apprentices, activities -------------------------------------------

E841 = Code(
    "E841",
    "{label}里的人物“{slug}”不存在",
    "{near}馆内人物写档案的文件名（slug）；馆外的人写成 {{name: 姓名}}",
)
E842 = Code(
    "E842",
    "{label}里的“{slug}”是{kind}展品，不是人物",
    "师傅和徒弟只能是人物：写人物档案的文件名，或写成 {{name: 姓名}}",
)
E843 = Code(
    "E843",
    "{label}里写了本人“{slug}”",
    "从 {field} 中删去这一项",
)
E844 = Code(
    "E844",
    "{label}里“{who}”写了两次（第 {first} 项和第 {n} 项）",
    "删去重复的一项",
)
E845 = Code(
    "E845",
    "{a}和{b}互为师徒：{where}",
    "确认谁是师傅、谁是徒弟，删去写反的一项（只写在一方的档案里，两边页面都会显示）",
)
E846 = Code(
    "E846",
    "{mentor}和{apprentice}的结对年份不一致：这里写 {year}，{other} 写 {other_year}",
    "照资料来源改成同一个年份；来源没写就两边都不填 since",
)
E847 = Code(
    "E847",
    "师徒关系成了一个圈：{cycle}",
    "师傅的师傅不能又是自己的徒弟：照资料来源删去写错的一项",
)
E848 = Code(
    "E848",
    "{label}的第 {n} 项{what}",
    "馆内人物写 slug（档案的文件名），馆外的人写 name（姓名），两者只写一个",
)
E849 = Code(
    "E849",
    "{label}里和“{who}”的结对年份 {year} 早于{whose}的出生年份 {born}",
    "照资料来源改正 since 或 birth_year；来源没写结对年份就不填",
)
E851 = Code(
    "E851",
    "第 {n} 项社会活动的类型“{value}”不在词表中",
    "{near}新的类型可在 mkdocs.yml 的 vocabularies.activity_types 中登记",
)
E852 = Code(
    "E852",
    "第 {n} 项社会活动的日期“{value}”写法不对或不存在",
    "写成 2023-05-09；来源只写到月份或年份时写 2023-05 或 2023（加引号也可以）",
)
E853 = Code(
    "E853",
    "第 {n} 项社会活动的日期 {value} {what}",
    "照资料来源改正日期；这里只记已经举行的活动，将来的活动写在 exhibits/events/",
)
E854 = Code(
    "E854",
    "第 {n} 项社会活动没有资料来源 source",
    "在 source 下写明报道的标题 title 和发布单位 publisher；说不出出处的活动不要记",
)

# --- warnings ---------------------------------------------------------------------------------

W110 = Code(
    "W110",
    "正文还是导入名录时自动写的占位文字，网站上这位劳模的页面只显示基本信息和荣誉",
    "根据可靠资料撰写他（她）的事迹，只写资料来源里有的事实，并在 sources 中注明出处",
)
W301 = Code("W301", "文件夹“{name}”里没有 index.md，不会作为展品发布", "把展品文件命名为 index.md")
W302 = Code(
    "W302",
    "文件夹“{name}”不是展品类别，其中内容不会发布",
    "展品请放在 {kinds}；本馆页面放在 pages/，活动放在 events/",
)
W501 = Code(
    "W501",
    "无法推断年代，本展品不会出现在年代展厅",
    "年代来自一项写明年份、有资料来源的荣誉：来源写明了授予年份，就在这项荣誉下填 year；"
    "来源没有写明就不填，不要猜年代",
)
W502 = Code(
    "W502",
    "教学环节共 {minutes} 分钟，与 {hours} 课时（约 {planned} 分钟）相差较多",
    "调整各环节的 minutes，或改 hours",
)
W701 = Code(
    "W701", "“{name}”不是 CSV 名录，不会发布", "Excel 名单请用 build_hall.py import {name} 导入"
)
W702 = Code("W702", "与 {other} 第 {line} 行是同一条记录，只列出一次", "可以删除其中一行")
W703 = Code(
    "W703",
    "名录是 GBK 编码（Excel 的“CSV (逗号分隔)”），已按 GBK 读取",
    "在别的电脑或手机上打开可能乱码：请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”；"
    "用 hall import 导入这份名录时也会改存为 UTF-8",
)
W801 = Code(
    "W801",
    "页面要显示{blocks}，但 mkdocs.yml 中没有参观信息 visit",
    "在 mkdocs.yml 的 - hall: 下填写 visit（见 README“参观信息”），或从 blocks 中删去",
)

CATALOGUE: dict[str, Code] = {name: c for name, c in globals().items() if isinstance(c, Code)}


def codes() -> dict[str, str]:
    """Every code of the catalogue and its severity (错误 or 警告)."""
    return {c.code: c.severity for c in CATALOGUE.values()}
