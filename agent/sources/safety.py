"""Source text is data, never instructions: find text that tries to instruct the model.

``injection_flags(text, field)`` returns one ``prompt_injection`` flag per injected passage of
a normalised field value; ``hidden_injection_flags`` does the same for text that markup hid from
the reader, with a lower bar (hidden text that talks to a model is hostile on its face).

Detection reads several views of the text, so look-alike spellings and hidden breaks cannot
slip past:

* the text itself (NFKC-normalised at intake);
* a *folded* view: confusable letters (Cyrillic "о", Greek "Ι", mathematical alphabets) mapped to
  the Latin letters they imitate with the Unicode confusables table (``confusable_homoglyphs``),
  digits and symbols standing for letters inside words ("1gn0re", "@ll") mapped back, letters
  spaced or dotted apart ("i g n o r e", "i.g.n.o.r.e") joined; case kept;
* base64 runs that decode to text, which is then screened like any other text;
* for a field (``field_injections``): the raw value with its line breaks, tabs, bidi controls
  and zero-width spaces read as breaks (intake makes a field one line, which would glue
  "v4.0\nSYSTEM: ..." into one clause), and slugs and paths read as words
  ("evil/ignore-previous-instructions").

Two rules apply anywhere in a text rather than at a clause start: a capitalised order with its
sentence-case object spliced into a field ("cs.CL Ignore prior instructions"; title-case
headlines do not match), and the three-part order ("forget your earlier directions") when only
the folded view spells it, i.e. the order itself is disguised.

The patterns are deliberately narrow. News about models routinely says "instructions", "system
prompt" or "ignore"; what marks an injection is the imperative addressed to the reader ("Ignore
all previous instructions ...") at the start of a clause, a note addressed to the model or the
writer, a role marker, or tokens no headline contains (``<|im_start|>``, "[INST]"). The benign
and hostile sets in tests/sources/test_injection.py are the calibration set for any change here.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from agent.schemas import ItemFlag
from agent.sources.normalize import INVISIBLE_CATEGORIES, has_markup

# Start of text or of a clause, then optional politeness and an optional address to the model.
_CLAUSE = r"(?:^|(?<=[.!?:;\n>\]\)\u3002\uff01\uff1f])\s*|\s[-–—]\s*|\s{2,})"
_ADDRESS = (r"(?:(?:please|kindly|now|also|and|so|ok|okay)[\s,]+)?"
            r"(?:(?:dear|hey|hi|attention)?\s*(?:ai|assistant|model|llm|chatbot|agent|gpt|claude|"
            r"bot|writer|summari[sz]er)s?\s*[,:]\s*)?")
_EARLIER = r"(?:previous|prior|above|earlier|preceding|foregoing|original|initial|old|system)"
_ORDERS = (r"(?:instructions?|prompts?|directions?|directives?|rules|guidelines|guidance|context|"
           r"messages|commands|orders|programming|constraints)")
_ALL = r"(?:all\s+|any\s+|every\s+)?(?:of\s+)?(?:the\s+|your\s+|these\s+|those\s+|my\s+|its\s+)?"
_READER = (r"(?:ai|a\.i\.|llm|large\s+language\s+model|language\s+model|model|assistant|chatbot|bot|"
           r"agent|gpt|claude|gemini|newsletter(?:\s+writer)?|writer|summari[sz]er|crawler|scraper)")
# What a note to the model goes on to do: the model's job, or an order.
_NOTE_GOES_ON = (r"(?:[:,\-–—]|(?:reading|summari[sz]ing|processing|drafting|writing|preparing|"
                 r"compiling|composing|producing|generating)\b|(?:please\s+)?(?:say|state|write|"
                 r"report|list|call|describe|tell|rank|mention|include|add|claim|present|praise|"
                 r"recommend|link)\b|$)")
# The three-part order ("forget your earlier directions"), earlier-word required, anywhere.
_THREE_PART = (r"(?:ignore|disregard|forget|override|overrule|discard|bypass)\s+"
               rf"{_ALL}{_EARLIER}\s+{_ORDERS}\b")


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]


def _imperative(name: str, body: str) -> _Pattern:
    return _Pattern(name, re.compile(_CLAUSE + _ADDRESS + body, re.I))


def _anywhere(name: str, body: str) -> _Pattern:
    return _Pattern(name, re.compile(body, re.I))


ENGLISH_PATTERNS: tuple[_Pattern, ...] = (
    _imperative("ignore previous instructions",
                rf"(?:ignore|disregard|forget|override|overrule|skip|drop|abandon|bypass|discard)"
                rf"\s+{_ALL}(?:{_EARLIER}\s+)?{_ORDERS}\b"),
    _anywhere("order spliced into the text",
              # A capitalised verb with its sentence-case object inside a field ("... at Scale
              # Disregard your earlier guidance"): a new sentence glued in without punctuation.
              # Title-case headlines ("Why Chatbots Ignore Previous Instructions") do not match.
              r"(?-i:(?:Ignore|Disregard|Forget|Override|Overrule|Discard|Bypass|IGNORE|"
              r"DISREGARD|FORGET|OVERRIDE))\s+"
              rf"(?-i:{_ALL}{_EARLIER}\s+{_ORDERS})\b"),
    _imperative("disregard the above",
                rf"(?:ignore|disregard|forget|discard)\s+(?:all\s+of\s+|everything\s+)?(?:the\s+)?"
                rf"(?:{_EARLIER}|what\s+you\s+were\s+told)\b"),
    _anywhere("your new task",
              r"\byour\s+(?:new|real|actual|true|next|only|updated)\s+(?:task|job|instructions?|"
              r"objective|goal|role|mission|assignment|directive)s?\b\s*(?:is|are|:|will\s+be|now)"),
    _imperative("new instructions", r"(?:new|updated|real|revised|additional)\s+instructions?\s*:"),
    _anywhere("note to the model or writer",
              rf"\b(?:note|message|memo|reminder|p\.?s\.?)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+|an?\s+)?"
              rf"{_READER}s?(?:\s+(?:models?|assistants?|systems?|agents?|writers?))?"
              rf"\s*{_NOTE_GOES_ON}"),
    _anywhere("addressed to an AI reader",
              rf"\b(?:if\s+you\s+are|as)\s+an?\s+(?:{_READER})(?:\s+(?:model|assistant|system|agent))?"
              rf"\b(?:\s*,?\s*(?:reading|summari[sz]ing|"
              rf"processing|writing|you\s+(?:must|should|will|are))|\s+(?:reading|summari[sz]ing|"
              rf"processing)\s+this)"),
    _anywhere("greeting to the model",
              r"\b(?:attention|dear|hey|hi|hello)\s*,?\s*(?:ai|a\.i\.|assistant|model|llm|chatbot|"
              r"bot|gpt|claude|gemini|summari[sz]er)s?\s*[,:!]"),
    _anywhere("to the model reading this",
              rf"\b(?:to|for)\s+(?:the|any|all)\s+(?:{_READER})s?\s+(?:reading|summari[sz]ing|"
              rf"processing|parsing|ingesting)\b"),
    _anywhere("when summarising this",
              r"\bwhen\s+(?:summari[sz]ing|writing\s+about|covering|describing)\s+(?:this|the\s+"
              r"following)\b"),
    _anywhere("write this into the output",
              r"\b(?:state|say|write|claim|mention|report|describe|call|present|insist|assert)\s+"
              r"(?:in|into|throughout)\s+(?:the|your)\s+(?:lead\s+essay|essay|summary|newsletter|"
              r"article|response|output|answer|digest|write-?up|coverage|issue)\b"),
    _imperative("role reassignment", r"you\s+are\s+now\s+(?:an?\s+|the\s+|in\s+|no\s+longer\b)"),
    _imperative("from now on", r"from\s+now\s+on,?\s+you\s+(?:are|will|must|should)\b"),
    _imperative("role marker",
                r"(?:system|assistant|developer|user|human)\s*(?:prompt|message|override)?\s*:\s*\S"),
    _anywhere("bracketed role marker",
              r"[\[{<]\s*/?\s*(?:system|sys|instructions?|admin|developer)\s*[\]}>]"
              r"|(?:^|\s)#{2,}\s*(?:system|instructions?)\s*(?::|$)"),
    _imperative("do not tell the reader",
                r"do\s+not\s+(?:mention|reveal|tell|disclose)\b.{0,40}\b(?:user|editor|reader)s?\b"),
    _anywhere("prompt exfiltration",
              r"\b(?:reveal|print|repeat|output|leak|show\s+me)\s+(?:your|the)\s+"
              r"(?:system\s+prompt|hidden\s+instructions|initial\s+instructions)"),
    _anywhere("chat-template token",
              r"<\|[a-z_]{2,24}\|>|\[/?INST\]|<<\s*/?SYS\s*>>|<\s*/?\s*(?:start|end)_of_turn\s*>"
              r"|<\s*/?\s*s\s*>\s*\[INST"),
    _anywhere("jailbreak persona",
              r"\byou\s+are\s+(?:now\s+)?(?:DAN|jailbroken|in\s+developer\s+mode)\b"),
)

# Common non-English phrasings of "ignore the previous instructions" and "your new task".
FOREIGN_PATTERNS: tuple[_Pattern, ...] = (
    _anywhere("ignore previous instructions (fr)",
              r"\b(?:ignore[zr]?|oublie[zr]?|ne\s+tenez\s+pas\s+compte\s+d)\s*(?:de\s+)?(?:toutes\s+|tous\s+)?"
              r"(?:les|tes|vos|des)\s+(?:instructions|consignes|directives)(?:\s+pr[ée]c[ée]dentes)?"),
    _anywhere("new task (fr)", r"\b(?:ta|votre)\s+nouvelle\s+(?:t[âa]che|mission|consigne)\b"),
    _anywhere("ignore previous instructions (de)",
              r"\b(?:ignoriere|ignorieren\s+sie|vergiss|vergessen\s+sie|missachte)\s+(?:alle\s+)?"
              r"(?:die\s+|deine\s+|ihre\s+)?(?:vorherigen|bisherigen|obigen|vorigen|fr[üu]heren)?\s*"
              r"(?:anweisungen|instruktionen|befehle|vorgaben|regeln)"),
    _anywhere("new task (de)", r"\b(?:deine|ihre)\s+neue\s+aufgabe\b"),
    _anywhere("ignore previous instructions (es)",
              r"\b(?:ignora|ignore|olvida|olvide|descarta|omite)\s+(?:todas\s+)?(?:las|tus|sus)\s+"
              r"(?:instrucciones|indicaciones|[óo]rdenes)"),
    _anywhere("new task (es/pt/it)", r"\b(?:tu|su|sua|tua|vostra)\s+nuova?\s+(?:tarea|tarefa|compito|misi[óo]n|missione)\b"),
    _anywhere("ignore previous instructions (pt)",
              r"\b(?:ignore|ignora|esque[çc]a|desconsidere|despreze)\s+(?:todas\s+)?(?:as|suas|tuas)\s+"
              r"(?:instru[çc][õo]es|orienta[çc][õo]es|ordens)"),
    _anywhere("ignore previous instructions (it)",
              r"\b(?:ignora|ignorate|dimentica|dimenticate|trascura)\s+(?:tutte\s+)?(?:le|tue|sue)\s+"
              r"(?:istruzioni|indicazioni|direttive)"),
    _anywhere("ignore previous instructions (zh)",
              r"(?:忽略|忽视|无视|無視|忘记|忘記|不要理会|不要理會)(?:掉)?(?:你)?(?:之前|以上|先前|上述|前面|上面|所有|全部|此前|原来|原來)"
              r"(?:的)?(?:所有|全部)?(?:的)?(?:指令|指示|说明|說明|提示|命令|规则|規則)"),
    _anywhere("new task (zh)", r"你的新(?:任务|任務|指令)"),
    _anywhere("ignore previous instructions (ru)",
              r"(?:игнорируй(?:те)?|проигнорируй(?:те)?|забудь(?:те)?|не\s+обращай(?:те)?\s+внимания\s+на)\s+"
              r"(?:все\s+)?(?:предыдущие|прежние|прошлые|вышеуказанные|свои|твои|ваши)?\s*"
              r"(?:инструкции|указания|команды|правила)"),
    _anywhere("new task (ru)", r"(?:твоя|ваша)\s+новая\s+задача"),
    _anywhere("ignore previous instructions (ja)",
              r"(?:以前|前|上記|これまで|先|全て|すべて)の(?:すべての|全ての)?(?:指示|命令|指令|ルール|プロンプト)"
              r"(?:を|は)(?:すべて|全て)?(?:無視|忘れ)"),
    _anywhere("new task (ja)", r"(?:あなたの)?新しい(?:タスク|任務|指示)(?:は|:|：)"),
    _anywhere("ignore previous instructions (nl)",
              r"\b(?:negeer|negeren|vergeet)\s+(?:alle\s+)?(?:de\s+|je\s+|jouw\s+|uw\s+)?"
              r"(?:eerdere|vorige|voorgaande|bovenstaande)?\s*(?:instructies|aanwijzingen|"
              r"opdrachten|regels)"),
    _anywhere("new task (nl)", r"\b(?:je|jouw|uw)\s+nieuwe\s+(?:taak|opdracht)\b"),
    _anywhere("ignore previous instructions (ar)",
              r"(?:تجاهل|تجاهلي|انس|انسى|أهمل|اهمل)\s*(?:جميع|كل)?\s*(?:ال)?(?:تعليمات|إرشادات|"
              r"ارشادات|أوامر|اوامر)"),
    _anywhere("new task (ar)", r"مهمتك\s+(?:ال)?جديدة"),
    _anywhere("ignore previous instructions (pl)",
              r"\b(?:zignoruj|ignoruj|zapomnij)\s+(?:o\s+)?(?:wszystkie\s+|wszystkich\s+)?"
              r"(?:poprzednie|wcześniejsze|powyższe|poprzednich|wcześniejszych)?\s*"
              r"(?:instrukcj\w*|polece\w*|wskazów\w*)"),
    _anywhere("new task (pl)", r"\btwoje\s+nowe\s+zadanie\b"),
    _anywhere("ignore previous instructions (tr)",
              r"(?:önceki|yukarıdaki|tüm|bütün)\s+(?:\w+\s+){0,2}?(?:talimatları|komutları|"
              r"yönergeleri)\s+(?:yok\s+say|görmezden\s+gel|unut)"),
    _anywhere("new task (tr)", r"\byeni\s+görevin\b"),
    _anywhere("ignore previous instructions (id)",
              r"\b(?:abaikan|lupakan|acuhkan)\s+(?:semua\s+)?(?:instruksi|arahan|perintah|petunjuk)"),
    _anywhere("new task (id)", r"\btugas\s+baru(?:mu|\s+anda)\b"),
    _anywhere("ignore previous instructions (vi)",
              r"(?:bỏ\s+qua|phớt\s+lờ|quên)\s+(?:đi\s+)?(?:tất\s+cả\s+)?(?:các\s+|những\s+)?"
              r"(?:hướng\s+dẫn|chỉ\s+dẫn|chỉ\s+thị|lệnh)"),
    _anywhere("ignore previous instructions (hi)",
              r"(?:निर्देशों|निर्देश)\s+(?:को\s+)?(?:अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल)"),
    _anywhere("ignore previous instructions (sv/da/no)",
              r"\b(?:ignorera|ignorer|glöm|glem|bortse\s+fra|strunta\s+i)\s+(?:alla\s+|alle\s+)?"
              r"(?:tidigare|tidligere|föregående|foregående|ovanstående)?\s*(?:instruktioner|"
              r"instruksjoner|instrukser|anvisningar|anvisninger)"),
    _anywhere("ignore previous instructions (cs/sk)",
              r"\b(?:ignoruj(?:te)?|zapome[ňn]|zabudni)\s+(?:na\s+)?(?:všechny\s+|všetky\s+)?"
              r"(?:předchozí|předešlé|predchádzajúce|predošlé)?\s*(?:pokyny|instrukce|inštrukcie|"
              r"příkazy|príkazy)"),
    _anywhere("ignore previous instructions (uk)",
              r"(?:ігноруй(?:те)?|проігноруй(?:те)?|забудь(?:те)?)\s+(?:усі\s+|всі\s+)?"
              r"(?:попередні\s+)?(?:інструкції|вказівки|команди)"),
    _anywhere("ignore previous instructions (he)",
              r"(?:התעלם|התעלמי|שכח|שכחי)\s+(?:מכל\s+|מ)?(?:ה)?(?:הוראות|הנחיות)"),
    _anywhere("ignore previous instructions (fa)",
              r"(?:دستورالعمل|دستورات)[^.!?؟]{0,40}?(?:نادیده\s*بگیر|فراموش\s*کن)"),
    _anywhere("ignore previous instructions (el)",
              r"(?:αγνόησε|αγνοήστε|ξέχασε|ξεχάστε)\s+(?:όλες\s+)?(?:τις\s+)?"
              r"(?:προηγούμενες\s+)?(?:οδηγίες|εντολές)"),
    _anywhere("ignore previous instructions (fi)",
              r"\b(?:ohita|unohda)\s+(?:kaikki\s+)?(?:aiemmat|edelliset|aikaisemmat)?\s*"
              r"(?:ohjeet|ohjeita|käskyt)"),
    _anywhere("ignore previous instructions (ro)",
              r"\b(?:ignor[ăa]|ignora[țţt]i|uit[ăa]|uita[țţt]i)\s+(?:toate\s+)?"
              r"(?:instruc[țţt]iunile|indica[țţt]iile)"),
    _anywhere("ignore previous instructions (hu)",
              r"(?:hagyd|hagyja)\s+figyelmen\s+kívül\s+(?:az\s+)?(?:összes\s+|minden\s+)?"
              r"(?:korábbi|előző)?\s*utasítás|\bfelejtsd\s+el\s+(?:az\s+)?(?:összes\s+)?"
              r"(?:korábbi|előző)?\s*utasítás"),
    _anywhere("ignore previous instructions (th)", r"(?:ละเว้น|เพิกเฉย|ลืม)(?:ต่อ)?คำสั่ง"),
    _anywhere("ignore previous instructions (ko)",
              r"(?:이전|위의|앞의|모든)\s*(?:지시|지침|명령|지시사항)(?:을|를|은|는)?\s*(?:모두\s*)?(?:무시|잊어)"),
)

INJECTION_PATTERNS: tuple[_Pattern, ...] = ENGLISH_PATTERNS + FOREIGN_PATTERNS
_THREE_PART_RE = re.compile(_THREE_PART, re.I)
# Where a reader sees a new line, or an attacker hid one: line breaks, tabs, bidi controls.
_BREAKS = re.compile(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029\u061c\u200e\u200f"
                     r"\u202a-\u202e\u2066-\u2069]+")
_ZERO_WIDTH_SPACE = "\u200b"  # a word break: a space to a reader, unlike the joiners
_SLUG_JOINS = re.compile(r"(?<=[^\W\d_])[-_]+(?=[^\W\d_])")
_PATH_JOINS = re.compile(r"(?<=\w)/+(?=\w)")
_JOINED_TOKEN = re.compile(r"\S*\w[-_/]+\w\S*")
# A word every English order or note to the model holds (a cheap test before another view).
_ORDER_WORDS = re.compile(r"ignor|disregard|forget|overr|discard|bypass|note|message|memo|"
                          r"system|assistant|developer|instruct|task|prompt|\binst\b|\bsys\b",
                          re.I)

_NON_LATIN = re.compile(r"(?![\x00-\x7f])[^\W\d_]")  # a letter outside ASCII (not a dash or quote)
_BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_SPACED_LETTERS = re.compile(r"(?<![\w])(?:[a-z][ .\-_*·•|]){3,}[a-z](?![\w])", re.I)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "9": "g", "@": "a", "$": "s", "!": "i", "|": "i", "€": "e"})
_WORDISH = re.compile(r"[\w@$!|€]+")
_LETTER = re.compile(r"[a-z]", re.I)
_LEET_CHAR = re.compile(r"[0-9@$!|€]")
# Hidden text is held to a lower bar: natural language that talks to a model at all.
_HIDDEN_ADDRESS = re.compile(
    rf"\b(?:you|your)\b.{{0,80}}\b(?:must|should|will|are|need|always|never|write|say|state|rank|"
    rf"call|describe|recommend|mention)\b|\b{_READER}s?\b.{{0,40}}\b(?:must|should|will|reading)\b",
    re.I,
)


def injection_flags(text: str, field: str) -> list[ItemFlag]:
    """One ``prompt_injection`` flag per injected passage (overlapping matches count once)."""
    return flags_for(find_injections(text), field)


def flags_for(findings: tuple[Finding, ...], field: str) -> list[ItemFlag]:
    return [ItemFlag(kind="prompt_injection", detail=f"{field}: {finding.detail}",
                     span=finding.span, field=field) for finding in findings]


@dataclass(frozen=True)
class Finding:
    """One injected passage: which pattern, and the text the editor should read."""

    detail: str
    span: str


@lru_cache(maxsize=8192)
def find_injections(text: str) -> tuple[Finding, ...]:
    """The injected passages of ``text``, from the plainest view that shows any (cached: intake
    screens the same texts on every load of a day)."""
    for view_name, view in _views(text):
        found = tuple(
            Finding(detail=pattern.name if view_name == "text"
                    else f"{pattern.name} ({view_name}: {match.group(0).strip()!r})",
                    span=match.group(0).strip() if view_name == "text" else _excerpt(text))
            for pattern, match in _matches(view))
        if found:
            return found
    return _disguised_order(text)


def field_injections(raw: str, cleaned: str) -> tuple[Finding, ...]:
    """The injected passages of one field: its normalised text first, then the raw value read
    with its line breaks, tabs and bidi controls as breaks. Normalising makes a field one line,
    which would glue an order hidden after a break ("v4.0\nSYSTEM: ...", "Mistral
    AI\u202eDisregard ...") to the text before it, and a clause starts there for a reader."""
    found = find_injections(cleaned)
    if found or has_markup(raw):  # markup: hidden and code text are screened on their own
        return found
    if _BREAKS.search(raw) or _ZERO_WIDTH_SPACE in raw:
        broken = with_breaks(raw)
        if broken != cleaned and (found := find_injections(broken)):
            return found
    # Words joined into a slug or a path ("evil/ignore-previous-instructions"): read them apart.
    joined = " ".join(_JOINED_TOKEN.findall(cleaned))
    if not joined or not _ORDER_WORDS.search(fold(joined)):
        return ()
    words = _SLUG_JOINS.sub(" ", _PATH_JOINS.sub(" . ", cleaned))
    return find_injections(words) if words != cleaned else ()


def with_breaks(raw: str) -> str:
    """``raw`` in NFKC with line breaks, tabs and bidi controls as line breaks, a zero-width
    space as a space, other invisible characters removed, spaces collapsed."""
    text = _BREAKS.sub("\n", unicodedata.normalize("NFKC", raw)).replace(_ZERO_WIDTH_SPACE, " ")
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) not in INVISIBLE_CATEGORIES)
    return re.sub(r" *\n[\n ]*", "\n", re.sub(r"[^\S\n]+", " ", text)).strip()


def _disguised_order(text: str) -> tuple[Finding, ...]:
    """The three-part order ("forget your earlier directions") anywhere, when only the folded
    view spells it: look-alike letters, digits for letters or spaced-out letters in the order
    itself are a disguise no news sentence needs. (Spelled plainly mid-sentence it is news
    about injection, "chatbots ignore previous instructions", and is left alone.)"""
    folded = fold(text)
    match = _THREE_PART_RE.search(folded) if folded != text else None
    if match is None or _THREE_PART_RE.search(text):
        return ()
    return (Finding(detail=f"disguised order (folded: {match.group(0).strip()!r})",
                    span=_excerpt(text)),)


def hidden_injection_flags(hidden: str, field: str) -> list[ItemFlag]:
    """Text hidden by markup: an injection if it matches any pattern, or talks to a model."""
    flags = injection_flags(hidden, f"{field} (hidden by markup)")
    if flags:
        return [f.model_copy(update={"field": field}) for f in flags]
    folded = fold(hidden)
    if len(folded.split()) >= 4 and _HIDDEN_ADDRESS.search(folded):
        return [ItemFlag(kind="prompt_injection", field=field, span=_excerpt(hidden),
                         detail=f"{field}: hidden text addressed to the reader")]
    return []


def _views(text: str) -> list[tuple[str, str]]:
    views = [("text", text)]
    folded = fold(text)
    if folded != text:
        views.append(("folded", folded))
    views += [("base64", decoded) for decoded in decoded_base64(text)]
    return views


def _matches(view: str) -> list[tuple[_Pattern, re.Match[str]]]:
    found: list[tuple[_Pattern, re.Match[str]]] = []
    claimed: list[tuple[int, int]] = []
    patterns = INJECTION_PATTERNS if _may_be_foreign(view) else ENGLISH_PATTERNS
    for pattern in patterns:
        match = pattern.regex.search(view)
        if match is None or any(match.start() < end and start < match.end()
                                for start, end in claimed):
            continue
        claimed.append(match.span())
        found.append((pattern, match))
    return found


_FOREIGN_HINTS = re.compile(r"instru|anweisung|aufgabe|tarea|tarefa|compito|consigne|indicaci|"
                            r"orienta|istruzion|direttiv|directive|ohje|polecen|perintah|arahan|"
                            r"petunjuk|talimat|pokyn|aanwijzing|opdracht|taak|tugas|utasit", re.I)


def _may_be_foreign(view: str) -> bool:
    return bool(_NON_LATIN.search(view) or _FOREIGN_HINTS.search(view))


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The folded view: confusables to Latin, leetspeak and spaced-out letters undone. Case is
    kept: a capitalised order inside a sentence is itself a sign (see "order spliced")."""
    text = "".join(_fold_char(c) for c in unicodedata.normalize("NFKC", text))
    text = _WORDISH.sub(_unleet, text)
    return _SPACED_LETTERS.sub(lambda m: _segment(re.sub(r"[ .\-_*·•|]", "", m.group(0))), text)


def _unleet(match: re.Match[str]) -> str:
    """A word mixing letters with digits or symbols, spelled back ("1gn0re" -> "ignore").
    (Tested per word, not with look-aheads: those rescan a long word from every position.)"""
    word = match.group(0)
    return word.translate(_LEET) if _LETTER.search(word) and _LEET_CHAR.search(word) else word


# Words of the patterns, to re-split letters that were spaced apart ("i g n o r e a l l").
_VOCABULARY = sorted("""ignore disregard forget override previous prior above earlier all any the
    your these instructions instruction prompt prompts rules guidance directions context system
    new task is you are now note to for ai model assistant writer from on reveal print and of
    everything""".split(), key=len, reverse=True)


def _segment(letters: str) -> str:
    """Greedy longest-word split of run-together letters; unknown letters are kept as they are."""
    words, i, lowered = [], 0, letters.lower()
    while i < len(letters):
        word = next((w for w in _VOCABULARY if lowered.startswith(w, i)), None)
        if word is None:
            words.append(letters[i])
            i += 1
        else:
            words.append(f" {letters[i:i + len(word)]} ")
            i += len(word)
    return re.sub(r"\s+", " ", "".join(words)).strip()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    target = _confusable_target(char)
    if target is None:
        return char
    # The table folds I, l and 1 together; a capital look-alike stands for "I".
    return "I" if target == "l" and unicodedata.category(char) == "Lu" else target


def _confusable_target(char: str) -> str | None:
    from confusable_homoglyphs.confusables import confusables_data

    for homoglyph in confusables_data.get(char, ()):
        candidate = homoglyph["c"]
        if len(candidate) == 1 and candidate.isascii() and candidate.isalnum():
            return candidate
    return None


def decoded_base64(text: str) -> list[str]:
    """Text that base64 runs in ``text`` decode to (only runs that decode to readable UTF-8)."""
    found = []
    for match in _BASE64_RUN.finditer(text):
        run = match.group(0)
        if run.isalpha() and (run.islower() or run.isupper()):
            continue  # one long word, not an encoding
        try:
            decoded = base64.b64decode(run + "=" * (-len(run) % 4), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if decoded.isprintable() and sum(c.isalpha() or c == " " for c in decoded) >= 0.8 * len(decoded):
            found.append(decoded)
    return found


def _excerpt(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
