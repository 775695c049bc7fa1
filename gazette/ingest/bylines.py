"""Bylines in the forms Chinese local papers print them.

``·金驰·``, ``·杨阳 戴畅·``, a bare ``马琴`` line, ``…推广。 颜朝猛 陈浩`` at the end of a paragraph,
``张慧 (中共江苏省委党校)``, ``周相文 侯杰妮 文/图``, ``钱莹摄``, ``(记者 X)``,
``本报记者 X 通讯员 Y``, ``文/X``. Names become a list; roles and affiliations are kept apart.
Outside the dotted form, every name must start with a known surname: that is what keeps a
short headline or a column label from being read as a byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Common Chinese surnames (single and compound), from the usual frequency lists.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈"
    "饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟"
    "邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储"
    "原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计"
    "索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危"
    "玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉衡富尧候冒蔚缪凤鞠宦过"
    "钮恽眭濮蒯笪茆郏糜殳秋仰钟禚铁"  # rarer, but common in Jiangsu
) | {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
     "司徒", "夏侯", "轩辕", "端木", "申屠", "西门", "南宫", "闻人", "独孤", "澹台", "呼延", "太史"}

ROLE_PREFIXES = ("本报记者", "本报通讯员", "特约通讯员", "特约记者", "见习记者", "实习记者", "融媒体记者",
                 "全媒体记者", "摄影记者", "首席记者", "记者", "通讯员", "实习生", "摄影", "撰稿", "采写", "编者",
                 "作者")
ROLE_SUFFIXES = ("摄影报道", "文/图", "图/文", "文/摄", "摄/文", "文图", "摄影", "供图", "报道", "摄", "整理")
_ROLE_WORDS = re.compile("记者|通讯员|报道|摄影|实习生|供稿|提供")
"""A token containing one of these is a role, never a name (本报记者 朱琳 摄影报道)."""
SLASH_ROLES = ("文", "图", "摄", "摄影", "文/图", "图/文")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002fa1f"  # Extension B+ (王𠮷) come from GB18030 files
_NAME_RE = re.compile(rf"^[{_CJK}]{{2,4}}$")
_LOOSE_NAME_RE = re.compile(rf"^[{_CJK}]{{2,5}}$")
_DOTS = "·•・"
_BOXES = "□■◎●▲△◆◇"
"""Marks some papers print before a byline: □本报记者 王芳."""
COMMENTATORS = ("本报评论员", "本报特约评论员", "评论员", "本报编辑部", "新华社评论员")
_TITLED_RE = re.compile(r"^(?P<title>\S{2,20}(书记|主任|部长|局长|区长|市长|县长|镇长|主席|校长|院长|"
                        r"教授|研究员|委员|所长|处长|科长|馆长|站长))[ \u3000]+(?P<name>\S{2,4})$")
_AFFIL_ROLE_RE = re.compile(r"^(?P<affil>[\u4e00-\u9fff]{1,8}?)(?P<role>记者|通讯员|实习生)$")
"""An affiliation printed before the role: 芝罘融媒记者, 中心记者, 晚报记者."""
_AFFIL_RE = re.compile(r"^(?P<name>\S+?)\s*[(（](?P<affil>[^()（）]{2,40})[)）]$")


@dataclass(frozen=True, slots=True)
class Byline:
    names: tuple[str, ...]
    roles: dict[str, str] = field(default_factory=dict)
    affiliations: dict[str, str] = field(default_factory=dict)
    raw: str = ""
    """The byline exactly as printed."""
    outlet: str | None = None
    """The agency or outlet a lead credits apart from the people (新华社, 中国江苏网); ``None`` for
    the paper itself (本报讯)."""
    date: str | None = None
    """``YYYY-MM-DD`` printed with the credit (a web export's ``张晓燕 2023-01-18`` line)."""


def is_name(token: str, strict: bool = True) -> bool:
    if _ROLE_WORDS.search(token):
        return False
    if not strict:
        return bool(_LOOSE_NAME_RE.match(token))
    if not _NAME_RE.match(token):
        return False
    if len(token) == 4:  # four characters: only with a compound surname (欧阳晓燕), else 高位推动 …
        return token[:2] in SURNAMES
    return token[0] in SURNAMES or token[:2] in SURNAMES


def _split_tokens(text: str) -> list[str]:
    # Keep "NAME (affiliation)" together as one token.
    tokens: list[str] = []
    for part in re.findall(r"\S+?\s*[(（][^()（）]*[)）]|\S+", text):
        pieces = re.split(r"[、，,]", part)
        # 王芳、李明: names listed with 、 are separate names
        if len(pieces) > 1 and all(is_name(p) for p in pieces):
            tokens.extend(pieces)
        else:
            tokens.append(part)
    # A two-character name padded to the width of three (林　溪): one name.
    merged: list[str] = []
    for token in tokens:
        if merged and len(token) == 1 and len(merged[-1]) == 1 and merged[-1] in SURNAMES \
                and _NAME_RE.match(merged[-1] + token):
            merged[-1] += token
        else:
            merged.append(token)
    return merged


_COLON_ROLE_RE = re.compile(r"^(?P<role>撰稿|采写|作者|记者|通讯员|本报记者|文|图|摄影|摄)\s*[:：]\s*(?P<names>\S.*)$")
"""撰稿：黄蕾, 文：X　图：Y: a role and a colon, then names with known surnames only."""
_AUTHOR_CREDIT_RE = re.compile(rf"^[（(]作者\s*[:：]\s*(?P<name>[{_CJK}]{{2,4}})\s*"
                               r"([，,、]\s*(系|为|是)?\s*(?P<affil>[^()（）]{2,40}))?[）)]$")
"""（作者：马文涛，系市委党校教授）: the author of the text above, with an affiliation."""
_NAME_DATE_RE = re.compile(r"^(?P<names>\S.*?)[ \u3000]+(?P<y>(19|20)\d{2})[-./年](?P<m>\d{1,2})[-./月](?P<d>\d{1,2})日?"
                           r"([ \u3000]+\d{1,2}[:：]\d{2}([:：]\d{2})?)?$")
"""A web export's author and date under the headline: 张晓燕　2023-01-18 (a time may follow)."""


_FIELD_RE = re.compile(r"(作者|来源|发布时间|发布日期|日期|时间|编辑|责任编辑|浏览次数|点击数)[:：]\s*"
                       r"(\S+(?:[ \u3000]\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?)[ \u3000]*")
_DATE_FIELDS = {"发布时间", "发布日期", "日期", "时间"}


def parse_credit_line(text: str) -> Byline | None:
    """A credit on a line of its own in the forms :func:`parse_byline` does not read: a web
    export's ``Name 2023-01-18``, a closing ``（作者：X，系…）``, ``撰稿：X``."""
    text = text.strip()
    author = _AUTHOR_CREDIT_RE.match(text)
    if author and is_name(author.group("name")):
        name, affil = author.group("name"), author.group("affil")
        return Byline((name,), {}, {name: affil.strip()} if affil else {}, text)
    fields = dict(_FIELD_RE.findall(text))
    if "作者" in fields and fields.keys() & _DATE_FIELDS and _FIELD_RE.sub("", text).strip() == "":
        # 作者：孔亮　来源：区应急管理局　发布时间：2023-04-03 (a government site's export)
        byline = parse_credit_line(f"{fields['作者']} {fields[min(fields.keys() & _DATE_FIELDS)]}")
        return Byline(byline.names, byline.roles, byline.affiliations, text, date=byline.date) if byline else None
    dated = _NAME_DATE_RE.match(text)
    if dated:
        byline = parse_byline(dated.group("names"))
        if byline is None or (byline.roles and not set(byline.roles.values()) <= set(ROLE_PREFIXES)):
            return None
        date = f"{int(dated['y']):04d}-{int(dated['m']):02d}-{int(dated['d']):02d}"
        return Byline(byline.names, byline.roles, byline.affiliations, text, date=date)
    colon = _COLON_ROLE_RE.match(text)
    if colon and all(is_name(n) for n in re.split(r"[ \u3000、，,]+", colon.group("names").strip())):
        byline = parse_byline(f"{colon.group('role')} {colon.group('names')}")
        if byline is not None and colon.group("role") == "作者":
            byline = Byline(byline.names, {}, byline.affiliations, text)
        return Byline(byline.names, byline.roles, byline.affiliations, text) if byline else None
    return None


def parse_byline(text: str, *, strict: bool = True) -> Byline | None:
    """Parse a byline string; ``None`` if it is not one. ``strict`` requires known surnames."""
    raw = text
    text = text.strip().lstrip(_BOXES).strip().replace("／", "/")  # 文／陈晨 with a full-width slash
    if len(text) < 2 or len(text) > 80:
        return None
    credit = False
    if text[0] in _DOTS and text[-1] in _DOTS and len(text) > 2:
        text, strict = text[1:-1].strip(), False
    elif text[0] in "(（" and text[-1] in ")）" and (
            (opens_with_role := re.match(r"^[(（]\s*(本报)?(记者|通讯员|特约|见习|实习)", text))
            or re.search(r"(摄|摄影|供图|文/图)\s*[)）]$", text)):  # (记者 X), (钱莹 摄)
        # A credit in parentheses that opens with a role is one whatever the names: the space
        # after the role may be lost where the line wrapped there ((通讯员学宣)).
        credit = opens_with_role is not None
        text = text[1:-1].strip()
    if not text:
        return None
    if text in COMMENTATORS:  # 本报评论员 signs for the paper: a byline that names no one
        return Byline((), {}, {}, raw)
    titled = _TITLED_RE.match(text)
    if titled and is_name(titled.group("name")):  # 中共海门区委书记 姜永华
        return Byline((titled.group("name"),), {}, {titled.group("name"): titled.group("title")}, raw)
    names: list[str] = []
    roles: dict[str, str] = {}
    affiliations: dict[str, str] = {}
    role: str | None = None
    since_role: list[str] = []  # names a suffix role would apply to ("X Y 文/图", "记者 X 摄")

    affiliation: str | None = None  # printed before the role (芝罘融媒记者): applies to the names after it

    def add(name: str, name_role: str | None) -> bool:
        # After a role word (记者, 通讯员 …) any short name will do: the role says it is a byline.
        if not is_name(name, strict and name_role is None):
            return False
        names.append(name)
        if name_role:
            roles[name] = name_role
        if affiliation and name_role == role:
            affiliations[name] = affiliation
        since_role.append(name)
        return True

    for token in _split_tokens(text):
        affil = _AFFIL_RE.match(token)
        if affil:
            if not add(affil.group("name"), role):
                return None
            affiliations[affil.group("name")] = affil.group("affil").strip()
            continue
        if token in ROLE_PREFIXES:
            role, affiliation = token, None
            since_role.clear()
            continue
        if token in ROLE_SUFFIXES or token.lstrip("/") in SLASH_ROLES and token.startswith("/"):
            if not since_role:  # "文/图 赵丽": the role comes first
                role = token.lstrip("/")
                continue
            for name in since_role:
                roles[name] = token.lstrip("/")
            since_role.clear()
            role = None
            continue
        if "/" in token:  # 文/X, 图/X, X/文, 图/本报记者 X
            left, _, right = token.partition("/")
            if left in SLASH_ROLES and right in ROLE_PREFIXES:
                role = left
                since_role.clear()
                continue
            if left in SLASH_ROLES and add(right, left):
                continue
            if left in ROLE_PREFIXES and add(right, left):  # 记者／黎明 通讯员／穗建
                role = left
                continue
            if right in SLASH_ROLES and add(left, right):
                continue
            return None
        affiliated = _AFFIL_ROLE_RE.match(token)
        if affiliated and not is_name(affiliated.group("affil")) and (role is None or since_role):
            # 芝罘融媒记者 X, 中心记者 X Y, 晚报记者 X: the outlet or centre, then the role (but
            # 通讯员 崇幸宣记者 X: a role still waiting for its name takes the glued one)
            role, affiliation = affiliated.group("role"), affiliated.group("affil")
            since_role.clear()
            continue
        prefixed = next((p for p in ROLE_PREFIXES if token.startswith(p) and len(token) > len(p)), None)
        # 记者金驰, but not 记者手记: a name glued to its role needs a known surname, unless names
        # came before it (记者 曹思 通讯员崇环宣: a wrap at the column edge lost the space)
        loose = bool(names) or (credit and len(token) - len(prefixed or "") <= 3)
        if prefixed and is_name(token[len(prefixed):], strict=not loose) \
                and add(token[len(prefixed):], prefixed):
            role = prefixed
            continue
        # 钱程通讯员: the next role glued to a name where the space between them fell at a line end
        glued = next((p for p in ROLE_PREFIXES if token.endswith(p) and len(token) > len(p)), None) \
            if role is not None else None
        if glued and add(token[: -len(glued)], role):
            role = glued
            since_role.clear()
            continue
        suffixed = next((s for s in ROLE_SUFFIXES if token.endswith(s) and len(token) > len(s)), None)
        if suffixed and is_name(token[: -len(suffixed)], strict) and not is_name(token, strict):
            add(token[: -len(suffixed)], suffixed)
            continue
        if suffixed == "摄" and is_name(token[:-1], strict):  # 钱莹摄: a three-character name is rarer
            add(token[:-1], "摄")
            continue
        if not add(token, role):
            return None
    if not names or len(names) > 8:
        return None
    return Byline(tuple(names), roles, affiliations, raw)


_TERMINAL = "。！？!?…”’」』）)"
_TRAILING_RE = re.compile(rf"^(?P<body>.*[{_TERMINAL}])[ \u3000]+(?P<byline>[^ \u3000。，,；;].{{1,60}})$")
_CREDIT_RE = re.compile(rf"^(?P<body>.*[{_TERMINAL}])(?P<byline>[{_CJK}]{{2,4}}摄)$")
_PAREN_RE = re.compile(rf"^(?P<body>.*[{_TERMINAL.replace(')', '').replace('）', '')}])\s*"
                       r"(?P<byline>[(（]\s*(本报)?(记者|通讯员|特约记者|见习记者|实习生)[^()（）]{1,60}[)）])$")
LEDE_LEAD = r"(本报讯|(新华社|中新社|本报)[^\s（()，。]{0,12}?\d{1,2}月\d{1,2}日(电|讯))"
"""Dateline leads: 本报讯, 本报南京11月30日讯, 新华社酒泉11月30日电."""
_LEDE_RE = re.compile(rf"^(?P<lead>{LEDE_LEAD})?\s*(?P<byline>[(（]\s*(本报)?(记者|通讯员|特约记者|见习记者|实习生)"
                      r"[^()（）]{1,60}[)）])")


_ROLE_GLUED_RE = re.compile(r"^(?P<body>.*[。！？!?”])(?P<byline>(本报记者|本报通讯员|特约通讯员|特约记者|见习记者|"
                            r"记者|通讯员)[ \u3000][^，,。；;：:]{1,40})$")
_PAREN_NAMES_RE = re.compile(rf"^(?P<body>.*[。！？!?…”’])\s*(?P<byline>[(（][{_CJK} \u3000]{{2,20}}[)）])$")


def split_trailing_byline(paragraph: str) -> tuple[str, Byline] | None:
    """``…在面上复制推广。 颜朝猛 陈浩`` → (``…在面上复制推广。``, byline), or ``None``.
    Also ``…。(记者 金驰)``, ``…。(王芳 李明)``, ``…。钱莹摄`` and a credit that starts with
    its role right after the last sentence (``…金饭碗”。通讯员　崇幸宣　记者　朱琳``)."""
    for pattern in (_PAREN_RE, _PAREN_NAMES_RE, _TRAILING_RE, _ROLE_GLUED_RE, _CREDIT_RE):
        m = pattern.match(paragraph)
        if m:
            text = m.group("byline")
            if pattern is _PAREN_NAMES_RE:
                text = text[1:-1]  # names in parentheses: every one must have a known surname
            byline = parse_byline(text)
            if byline:
                byline = Byline(byline.names, byline.roles, byline.affiliations, m.group("byline"))
                return m.group("body").rstrip(), byline
    return None


_LEDE_BARE_RE = re.compile(r"^(?P<lead>本报讯)[ \u3000]+(?P<byline>((本报)?(记者|通讯员|特约记者|见习记者|实习生)"
                           r"[ \u3000]*[\u4e00-\u9fff]{2,4}([ \u3000]+|(?=\d{1,2}[月日])))+)")
"""Also with a space lost where the text wrapped: 本报讯 记者 李明 通讯员 / 张华12月30日上午,…"""
_LEDE_OUTLET_RE = re.compile(r"^(?P<lead>[^\s（()【】\[\]，,。、“”：:]{1,16}?(讯|日电))\s*"
                             r"(?P<byline>[(（【\[][^()（）【】\[\]]{2,60}[)）】\]])")
"""Any outlet's lead and a credit in brackets: 中国江苏网讯（通讯员 X）, 如皋全媒体讯（X Y）,
本报讯【记者 X】, 本报讯（X） (a bare name or pen name: the lead says it is a credit)."""
_REPORTS_RE = re.compile(r"^(?P<byline>(本报)?(记者|通讯员)[ \u3000]*[\u4e00-\u9fff]{2,4}([ \u3000]+[\u4e00-\u9fff]{2,4})*"
                         r"[ \u3000]*报道)[ \u3000]*[:：][ \u3000]*")
"""记者 X 报道：… opens the text with the credit and nothing else."""
_AGENCIES = ("新华社", "中新社", "中新网", "人民网", "新华网", "央视网", "央广网", "中国新闻网")
_DATELINE_TAIL_RE = re.compile(r"\d{1,2}月\d{1,2}日$")
_OUTLET_RE = re.compile(r"^(.*(网|社|报|台|媒体|融媒|客户端|新闻|之声))")
"""An outlet's name ends in what it is (扬子晚报网, 东台融媒); a dateline's city follows it."""


def lead_outlet(lead: str) -> str | None:
    """The outlet a lead names: 新华社西昌3月13日电 → 新华社, 中国江苏网讯 → 中国江苏网,
    扬子晚报网3月6日讯 → 扬子晚报网; ``None`` for the paper itself (本报讯, 本报南京11月30日讯)."""
    name = _DATELINE_TAIL_RE.sub("", lead[:-1])
    if not name or name.startswith("本报"):
        return None
    agency = next((a for a in _AGENCIES if name.startswith(a)), None)
    if agency:
        return agency
    if _DATELINE_TAIL_RE.search(lead[:-1]) is None:
        return name
    outlet = _OUTLET_RE.match(name)  # a dateline: the city after the outlet's name is not part of it
    return outlet.group(1) if outlet else None


def split_lede_byline(paragraph: str) -> tuple[str, Byline] | None:
    """``本报讯(记者 X 通讯员 Y)4月7日,…`` → (``本报讯4月7日,…``, byline), or ``None``.
    Also without parentheses: ``本报讯 记者 李明 通讯员 张华 12月30日上午,…``; any outlet's lead
    (``中国江苏网讯（通讯员 X）``, noted as the byline's outlet); a bare name in brackets after a
    lead (``本报讯（钱小雨）``); and ``记者 X 报道：…`` (the credit dropped, the text kept)."""
    m = _LEDE_RE.match(paragraph) or _LEDE_BARE_RE.match(paragraph) or _LEDE_OUTLET_RE.match(paragraph) \
        or _REPORTS_RE.match(paragraph)
    if not m:
        return None
    credit = m.group("byline").strip()
    if m.re is _LEDE_OUTLET_RE:
        credit = "(" + credit[1:-1] + ")" if re.match(r"^[(（【\[]\s*(本报)?(记者|通讯员|特约|见习|实习)", credit) \
            else credit[1:-1]
    elif m.re is _REPORTS_RE:
        credit = credit[: -len("报道")].strip()
    byline = parse_byline(credit)
    if not byline:
        return None
    lead = m.groupdict().get("lead") or ""
    rest = lead + paragraph[m.end():].lstrip()
    raw = paragraph[: m.end()].rstrip() if m.re is _REPORTS_RE else m.group("byline")
    return rest, Byline(byline.names, byline.roles, byline.affiliations, raw,
                        lead_outlet(lead) if lead else None)
