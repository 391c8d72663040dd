#!/usr/bin/python3
"""Generates the frozen labelled accuracy set of name screening (docs/screening.md, "Accuracy").

Run ONCE; its output, pairs.tsv, is committed and never regenerated after tuning began: the
screening scorer is tuned against a fixed set, not the set against the scorer. Standard library
only, deterministic (fixed seed, sorted iteration), so a rerun gives the same bytes.

    /usr/bin/python3 tests/data/accuracy/make_pairs.py > tests/data/accuracy/pairs.tsv

Columns: query, listed_name, label (match | nonmatch), class. A pair asks: is the party named
`query` the party listed as `listed_name`? Classes:

  from the SDN sample (tests/data/lists/ofac-sdn-2021, entities, vessels and aircraft only):
    sdn_alias      an entry's listed name vs one of its own aliases (either way round)     match
    sdn_near       an entry's name vs the nearest name of another entry, by shared rare
                   tokens (hard non-matches)                                          nonmatch
  variations of a listed name (synthetic bases and SDN entity names):
    legal_form     the legal form changed, across languages                              match
    abbreviation   a word abbreviated ("International" -> "Intl", "Fratelli" -> "F.lli")  match
    typo           one letter substituted, dropped, doubled or two swapped               match
    word_order     two words swapped                                                     match
    punctuation    punctuation and spacing changed, case changed                          match
    diacritics     diacritics dropped or spelled out ("Müller" / "Mueller" / "Muller")    match
    translit       a non-Latin name vs its romanization (hand-written pairs, and Russian
                   words romanized here by the BGN/PCGN table)                            match
    ex_name        a vessel listed as "A (ex-B)" vs its current or former name            match
  different companies (none may be in the match band):
    business_word  sister companies differing in one business word (Exports / Imports) nonmatch
    numbered       numbered vehicles ("Shipping Three" / "Shipping Five", "No. 8" / "No. 6")
                                                                                      nonmatch
    surname        different surnames in the same legal form and trade                 nonmatch
    homophone      surnames that sound alike ("Meyer" / "Maier", "Smith" / "Smyth")     nonmatch
  unrelated        another name sharing only common words or the legal form           nonmatch
"""
import csv
import io
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SDN_DIR = os.path.join(HERE, "..", "lists", "ofac-sdn-2021")
rng = random.Random(20261203)
pairs = []  # (query, listed, label, class)


def add(query, listed, label, cls):
    query = " ".join(query.split())
    listed = " ".join(listed.split())
    if query and listed and query != listed and "\t" not in query + listed:
        pairs.append((query, listed, label, cls))


def read_csv(name):
    with open(os.path.join(SDN_DIR, name), "rb") as f:
        data = f.read().replace(b"\x1a", b"")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return [r for r in csv.reader(io.StringIO(text)) if r]


def null(v):
    v = v.strip()
    return "" if v == "-0-" else v


# ---------------------------------------------------------------------------------------------
# (a) The SDN sample.
sdn = {}  # ent_num -> (name, type)
for r in read_csv("sdn.csv"):
    if len(r) >= 3 and null(r[2]) != "individual" and null(r[1]):
        sdn[int(r[0])] = (null(r[1]), null(r[2]))
aliases = {}
for r in read_csv("alt.csv"):
    if len(r) >= 4 and int(r[0]) in sdn and null(r[3]):
        aliases.setdefault(int(r[0]), []).append(null(r[3]))


def words(s):
    return [w for w in re.split(r"[^0-9a-z]+", s.lower()) if w]


def simple_key(s):
    return " ".join(words(s))


LEGALISH = set(
    "co company ltd limited llc inc corp corporation gmbh ag sa s a de cv srl spa bv nv plc pte "
    "pty sdn bhd kk jsc ojsc cjsc pjsc ooo oao zao llp lp fze fzco fzc the of and for la el y "
    "et ltda cia".split()
)

df = {}
names_by_token = {}
ents = sorted(sdn)
for e in ents:
    for w in sorted(set(words(sdn[e][0]))):
        df[w] = df.get(w, 0) + 1
        names_by_token.setdefault(w, []).append(e)

alias_pairs = []
for e in ents:
    for a in aliases.get(e, []):
        if simple_key(a) != simple_key(sdn[e][0]):
            alias_pairs.append((e, a))
rng.shuffle(alias_pairs)
for e, a in alias_pairs[:520]:
    if rng.random() < 0.5:
        add(a, sdn[e][0], "match", "sdn_alias")
    else:
        add(sdn[e][0], a, "match", "sdn_alias")


def nearest_other(e):
    """The name of another entry sharing the most rare-token weight with e's name."""
    own = set(words(sdn[e][0]))
    own_keys = {simple_key(sdn[e][0])} | {simple_key(a) for a in aliases.get(e, [])}
    score = {}
    for w in sorted(own):
        if w in LEGALISH or df.get(w, 0) > 40:
            continue
        for o in names_by_token.get(w, []):
            if o != e:
                score[o] = score.get(o, 0.0) + 1.0 / df[w]
    best = None
    for o in sorted(score, key=lambda o: (-score[o], o)):
        if simple_key(sdn[o][0]) not in own_keys:
            best = o
            break
    return best


near = []
order = list(ents)
rng.shuffle(order)
for e in order:
    o = nearest_other(e)
    if o is not None:
        near.append((e, o))
    if len(near) >= 520:
        break
for e, o in near:
    add(sdn[e][0], sdn[o][0], "nonmatch", "sdn_near")

# ---------------------------------------------------------------------------------------------
# Synthetic bases: invented distinctive words (so that no background list knows them), a trade
# word and a legal form, as resellers name themselves.
SYL = ["ka", "lo", "ver", "zen", "tra", "mi", "dor", "sa", "vel", "qui", "rax", "bo", "nel",
       "tor", "shi", "ran", "gu", "pel", "xi", "mon", "dar", "ly", "fen", "cor", "aru", "is"]


def pseudo_word():
    w = "".join(rng.choice(SYL) for _ in range(rng.choice([2, 3, 3])))
    return w.capitalize()


TRADE = ["Electronics", "Trading", "Technology", "Industrial", "Logistics", "Semiconductor",
         "Microsystems", "Components", "Precision", "Instruments", "Optics", "Machinery",
         "Materials", "Devices", "Controls", "Aerospace", "Marine", "Chemical", "Metals",
         "Networks"]
PLACES = ["Shenzhen", "Hong Kong", "Dubai", "Istanbul", "Moscow", "Minsk", "Tehran", "Almaty",
          "Singapore", "Kuala Lumpur", "Bangkok", "Tashkent", "Yerevan", "Tbilisi", "Baku",
          "Hanoi", "Taipei", "Seoul", "Osaka", "Warsaw", "Milan", "Madrid", "Mexico"]
# Equivalent legal forms (a company is not told apart by its form): each group as written.
FORMS = ["Co., Ltd.", "Company Limited", "Limited", "Ltd", "LLC", "Limited Liability Company",
         "GmbH", "Sp. z o.o.", "K.K.", "Kabushiki Kaisha", "S.A. de C.V.", "S.A.", "S.r.l.",
         "Inc.", "Incorporated", "Corp.", "Corporation", "JSC", "OOO", "Pte. Ltd.",
         "Sdn. Bhd.", "FZE", "FZCO", "B.V.", "A.S.", "Ltda.", "S.L.", "AG", "PLC"]
PREFIX_FORMS = ["株式会社 ", "OOO ", "ТОВ "]  # written before the name
bases = []
for i in range(420):
    kind = rng.random()
    stem = pseudo_word()
    if kind < 0.4:
        core = f"{stem} {rng.choice(TRADE)}"
    elif kind < 0.7:
        core = f"{rng.choice(PLACES)} {stem} {rng.choice(TRADE)}"
    elif kind < 0.85:
        core = f"{stem} {pseudo_word()} {rng.choice(TRADE)}"
    else:
        core = f"{stem} International {rng.choice(TRADE)}"
    bases.append((core, rng.choice(FORMS)))

# SDN entity names that end in a legal form, as bases too: real words and real IDF weights.
SDN_FORM_RE = re.compile(
    r"^(.*?)[ ,]+(CO\.?,? LTD\.?|COMPANY LIMITED|LTD\.?|LIMITED|LLC|S\.A\. DE C\.V\.|S\.A\.|"
    r"GMBH|INC\.?|CORP\.?|CORPORATION|FZE|PJSC|JSC|OJSC|B\.V\.|S\.R\.L\.|SDN\. BHD\.)$"
)
sdn_bases = []
for e in ents:
    name, typ = sdn[e]
    m = SDN_FORM_RE.match(name)
    if typ == "" and m and len(words(m.group(1))) >= 1 and len(m.group(1)) >= 6:
        sdn_bases.append((m.group(1), m.group(2)))
rng.shuffle(sdn_bases)


def full(core, form):
    return f"{core} {form}" if not form.endswith(" ") else f"{form}{core}"


# legal_form: 170 pairs, half synthetic, half SDN.
for core, form in bases[:90] + sdn_bases[:80]:
    other = rng.choice([f for f in FORMS if f != form])
    if rng.random() < 0.12:
        add(f"{rng.choice(PREFIX_FORMS)}{core}", full(core, form), "match", "legal_form")
    else:
        add(f"{core} {other}", full(core, form), "match", "legal_form")

# abbreviation
ABBR = [("International", ["Intl", "Int'l", "Intl."]), ("Engineering", ["Engg.", "Eng.", "Engg"]),
        ("Compañía", ["Cía.", "Cia."]), ("Fratelli", ["F.lli", "Flli"]),
        ("Corporation", ["Corp.", "Corp"]), ("Manufacturing", ["Mfg.", "Mfg"]),
        ("Industries", ["Inds.", "Ind."]), ("Technology", ["Tech.", "Tech"]),
        ("Brothers", ["Bros.", "Bros"]), ("Company", ["Co.", "Co"]), ("Limited", ["Ltd.", "Ltd"]),
        ("Electronics", ["Elec.", "Electr."]), ("Services", ["Svcs.", "Svcs"]),
        ("Associates", ["Assoc.", "Assocs."]), ("National", ["Natl.", "Nat'l"]),
        ("Group", ["Grp."]), ("Holdings", ["Hldgs.", "Hldg."]),
        ("Trading", ["Trdg.", "Trdg"]), ("Development", ["Dev.", "Devt."]),
        ("Incorporated", ["Inc."]), ("Aktiengesellschaft", ["AG"]),
        ("Gesellschaft mit beschränkter Haftung", ["GmbH"]), ("Sociedad Anónima", ["S.A."]),
        ("Instruments", ["Instr."]), ("Equipment", ["Equip.", "Eqpt."]),
        ("Machinery", ["Mach."]), ("Chemical", ["Chem."]), ("Precision", ["Prec."])]
abbr_done = 0
for core, form in bases[90:] + sdn_bases[80:]:
    listed = full(core, form)
    hits = [(w, a) for w, a in ABBR if re.search(r"\b" + w + r"\b", listed, re.IGNORECASE)]
    if not hits:
        continue
    w, alts = rng.choice(hits)
    q = re.sub(r"\b" + w + r"\b", rng.choice(alts), listed, count=1, flags=re.IGNORECASE)
    add(q, listed, "match", "abbreviation")
    abbr_done += 1
    if abbr_done >= 110:
        break
# Hand-written ones for the words no base has.
for q, listed in [
    ("Cía. Minera del Norte S.A.", "Compañía Minera del Norte S.A."),
    ("Cia. Naviera Aurelia S.A.", "Compañía Naviera Aurelia S.A."),
    ("F.lli Rossetti S.p.A.", "Fratelli Rossetti S.p.A."),
    ("F.lli Bertolazzi S.r.l.", "Fratelli Bertolazzi S.r.l."),
    ("Bharat Heavy Engg. Works Pvt. Ltd.", "Bharat Heavy Engineering Works Private Limited"),
    ("Sunrise Engg. Co.", "Sunrise Engineering Company"),
    ("Kovalent Intl Trading FZE", "Kovalent International Trading FZE"),
    ("Zhongtai Intl Logistics Co., Ltd.", "Zhongtai International Logistics Co., Ltd."),
    ("Meridian Mfg. Corp.", "Meridian Manufacturing Corporation"),
    ("Aldana Bros. Inc.", "Aldana Brothers Incorporated"),
    ("Petrovka Natl. Shipping Co.", "Petrovka National Shipping Company"),
    ("Wexford Hldgs. Ltd.", "Wexford Holdings Limited"),
]:
    add(q, listed, "match", "abbreviation")


# typo: one edit in the longest distinctive word.
def typo(word):
    i = rng.randrange(1, len(word))
    k = rng.random()
    letters = "abcdefghijklmnopqrstuvwxyz"
    if k < 0.3:
        c = rng.choice(letters)
        c = c.upper() if word[i].isupper() else c
        return word[:i] + c + word[i + 1:]
    if k < 0.5:
        return word[:i] + word[i + 1:]
    if k < 0.7:
        return word[:i] + word[i] + word[i:]
    if i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice(letters) + word[i:]


typo_done = 0
for core, form in bases[200:] + sdn_bases[150:]:
    listed = full(core, form)
    ws = [w for w in core.split() if len(w) >= 5 and w.isalpha()]
    if not ws:
        continue
    w = max(ws, key=len) if rng.random() < 0.7 else rng.choice(ws)
    t = typo(w)
    if t.lower() == w.lower():
        continue
    add(listed.replace(w, t, 1), listed, "match", "typo")
    typo_done += 1
    if typo_done >= 160:
        break

# word_order
wo = 0
for core, form in bases[120:] + sdn_bases[40:]:
    ws = core.split()
    if len(ws) < 2:
        continue
    i = rng.randrange(len(ws) - 1)
    ws[i], ws[i + 1] = ws[i + 1], ws[i]
    add(full(" ".join(ws), form), full(core, form), "match", "word_order")
    wo += 1
    if wo >= 80:
        break
for q, listed in [("Bank of Tejarat", "Tejarat Bank"), ("Bank Sepah", "Sepah Bank"),
                  ("Shipping Company Valfajr", "Valfajr Shipping Company"),
                  ("Cuba National Bank", "National Bank of Cuba")]:
    add(q, listed, "match", "word_order")


# punctuation / spacing / case
def punct(name):
    k = rng.random()
    if k < 0.25:
        return re.sub(r"[.,'&()-]", "", name)
    if k < 0.45:
        return name.upper()
    if k < 0.6:
        return name.replace(" ", "-", 1)
    if k < 0.75:
        return re.sub(r"\s+", "  ", name.lower())
    if k < 0.9:
        return name.replace(" ", ", ", 1)
    return name.replace(".", ". ")


for core, form in bases[300:] + sdn_bases[200:260]:
    listed = full(core, form)
    q = punct(listed)
    if q != listed:
        add(q, listed, "match", "punctuation")
for q, listed in [
    ("A.B.C. Trading Co.", "ABC Trading Co."), ("ABC Trading", "A B C Trading"),
    ("Al-Nour General Trading LLC", "Al Nour General Trading LLC"),
    ("Alnour General Trading", "Al Nour General Trading LLC"),
    ("Micro-Electronics Ltd", "Microelectronics Ltd"), ("Hi-Tech Components", "HiTech Components"),
    ("Sino-Tech Electronics Co.", "Sinotech Electronics Co."),
    ("O'Brien & Sons Ltd", "OBrien and Sons Ltd"), ("Smith & Co.", "Smith and Co."),
]:
    add(q, listed, "match", "punctuation")

# diacritics
DIA = [("Müller", ["Mueller", "Muller"]), ("Société Générale d'Électronique",
        ["Societe Generale d'Electronique"]), ("Şahin", ["Sahin"]), ("Çelik", ["Celik"]),
       ("Öztürk", ["Ozturk", "Oeztuerk"]), ("Gonçalves", ["Goncalves"]), ("Peña", ["Pena"]),
       ("Łódź", ["Lodz"]), ("Kraków", ["Krakow"]), ("Zürich", ["Zurich", "Zuerich"]),
       ("São Paulo", ["Sao Paulo"]), ("Dvořák", ["Dvorak"]), ("Škoda", ["Skoda"]),
       ("Øresund", ["Oresund"]), ("Straße", ["Strasse"]), ("Jürgen", ["Juergen", "Jurgen"]),
       ("Böhm", ["Boehm", "Bohm"]), ("Façade", ["Facade"]), ("Ibáñez", ["Ibanez"]),
       ("Nuñez", ["Nunez"]), ("Ödeme", ["Odeme"]), ("Dış Ticaret", ["Dis Ticaret"]),
       ("Niğde", ["Nigde"]), ("Hưng Thịnh", ["Hung Thinh"]), ("Nguyễn", ["Nguyen"]),
       ("Đông Á", ["Dong A"]), ("Trần", ["Tran"]), ("Ålesund", ["Alesund"]),
       ("Māori", ["Maori"]), ("Électricité", ["Electricite"]), ("Açúcar", ["Acucar"]),
       ("Ğüneş", ["Gunes"]), ("Wrocław", ["Wroclaw"]), ("Gdańsk", ["Gdansk"]),
       ("Kütahya", ["Kutahya"]), ("Mañana", ["Manana"]), ("Çağlar", ["Caglar"])]
DIA_FRAMES = ["{} GmbH", "{} Dış Ticaret A.Ş.", "{} Trading Ltd", "{} Sp. z o.o.",
              "Industrias {} S.A.", "{} Electronics Co., Ltd.", "{} & Partner AG", "{} S.r.l."]
for w, alts in DIA:
    for alt in alts:
        for frame in rng.sample(DIA_FRAMES, 2):
            if rng.random() < 0.5:
                add(frame.format(alt), frame.format(w), "match", "diacritics")
            else:
                add(frame.format(w), frame.format(alt), "match", "diacritics")

# transliterations: hand-written pairs (each romanization as the company or place writes it).
TRANSLIT = [
    ("Газпром", "Gazprom"), ("Роснефть", "Rosneft"), ("Сбербанк", "Sberbank"),
    ("Лукойл", "Lukoil"), ("Аэрофлот", "Aeroflot"), ("Транснефть", "Transneft"),
    ("Новатэк", "Novatek"), ("Мечел", "Mechel"), ("Совкомфлот", "Sovcomflot"),
    ("Алроса", "Alrosa"), ("Уралвагонзавод", "Uralvagonzavod"), ("Промсвязьбанк", "Promsvyazbank"),
    ("Ростелеком", "Rostelecom"), ("Камаз", "Kamaz"), ("Сухой", "Sukhoi"), ("Туполев", "Tupolev"),
    ("Ильюшин", "Ilyushin"), ("Алмаз-Антей", "Almaz-Antey"), ("Росатом", "Rosatom"),
    ("Ростех", "Rostec"), ("Норильский никель", "Norilsk Nickel"), ("Яндекс", "Yandex"),
    ("Касперский", "Kaspersky"), ("Вымпелком", "Vimpelcom"), ("Беларуськалий", "Belaruskali"),
    ("Нафтан", "Naftan"), ("Интеграл", "Integral"), ("Микрон", "Mikron"),
    ("Ангстрем", "Angstrem"), ("Элвис", "Elvees"), ("Байкал Электроникс", "Baikal Electronics"),
    ("Москва", "Moskva"), ("Санкт-Петербург", "Sankt-Peterburg"), ("Минск", "Minsk"),
    ("Киев", "Kiev"), ("Новосибирск", "Novosibirsk"), ("Екатеринбург", "Yekaterinburg"),
    ("ООО Вектор", "Vektor LLC"), ("АО Звезда", "Zvezda JSC"), ("ПАО Газпром", "Gazprom PJSC"),
    ("ООО Техносила", "Tekhnosila LLC"), ("АО Рубин", "Rubin JSC"),
    ("Ελληνική", "Elliniki"), ("Αθήνα", "Athina"), ("Πειραιάς", "Peiraias"),
    ("Θεσσαλονίκη", "Thessaloniki"), ("Αεροπορία Αιγαίου", "Aeroporia Aigaiou"),
    ("Παπαδόπουλος", "Papadopoulos"), ("Ναυτιλιακή Εταιρεία", "Naftiliaki Etaireia"),
    ("Κωνσταντίνος", "Konstantinos"), ("Ολυμπιακή", "Olympiaki"),
    ("华为", "Huawei"), ("中兴通讯", "Zhongxing Tongxun"), ("海康威视", "Haikang Weishi"),
    ("大疆", "Dajiang"), ("中芯国际", "Zhongxin Guoji"), ("曙光", "Shuguang"),
    ("寒武纪", "Hanwuji"), ("浪潮", "Langchao"), ("海光", "Haiguang"),
    ("长江存储", "Changjiang Cunchu"), ("北京", "Beijing"), ("上海", "Shanghai"),
    ("深圳", "Shenzhen"), ("成都", "Chengdu"), ("华为技术有限公司", "Huawei Jishu Youxian Gongsi"),
    ("成都海光集成电路设计有限公司", "Chengdu Haiguang Jicheng Dianlu Sheji Youxian Gongsi"),
    ("深圳市大疆创新科技有限公司", "Shenzhen Shi Dajiang Chuangxin Keji Youxian Gongsi"),
    ("中国电子科技集团", "Zhongguo Dianzi Keji Jituan"), ("天津", "Tianjin"),
    ("香港", "Xianggang"), ("飞腾", "Feiteng"), ("龙芯", "Longxin"), ("兆芯", "Zhaoxin"),
    ("トヨタ", "Toyota"), ("ソニー", "Sonii"), ("パナソニック", "Panasonikku"),
    ("ミツビシ", "Mitsubishi"), ("スズキ", "Suzuki"), ("ヤマハ", "Yamaha"),
    ("삼성", "Samsung"), ("현대", "Hyundai"), ("대우", "Daewoo"), ("한화", "Hanwha"),
    ("서울", "Seoul"), ("부산", "Busan"), ("인천", "Incheon"), ("평양", "Pyongyang"),
    ("조선", "Joseon"), ("고려", "Goryeo"),
    ("بانک ملی ایران", "Bank Melli Iran"), ("بانک صادرات ایران", "Bank Saderat Iran"),
    ("بانک ملت", "Bank Mellat"), ("بانک سپه", "Bank Sepah"), ("ماهان ایر", "Mahan Air"),
    ("بانک تجارت", "Bank Tejarat"), ("محمد", "Mohammed"), ("أحمد", "Ahmed"), ("علي", "Ali"),
    ("حسن", "Hassan"), ("عبد الله", "Abdullah"), ("دبي", "Dubai"), ("بغداد", "Baghdad"),
    ("تهران", "Tehran"), ("دمشق", "Dimashq"),
    ("אלביט מערכות", "Elbit Maarakhot"), ("תל אביב", "Tel Aviv"), ("ירושלים", "Yerushalayim"),
    ("თბილისი", "Tbilisi"), ("საქართველო", "Sakartvelo"), ("ბათუმი", "Batumi"),
    ("Երևան", "Yerevan"), ("Գյումրի", "Gyumri"), ("Հայաստան", "Hayastan"),
    ("Ташкент", "Tashkent"), ("Алматы", "Almaty"), ("Бишкек", "Bishkek"),
    ("Україна", "Ukraina"), ("Харків", "Kharkiv"), ("Львів", "Lviv"),
    ("ရန်ကုန်", "Yangon"), ("กรุงเทพ", "Krung Thep"), ("ไทย", "Thai"),
]
for native, latin in TRANSLIT:
    if rng.random() < 0.5:
        add(native, latin, "match", "translit")
    else:
        add(latin, native, "match", "translit")

# Russian words romanized by the BGN/PCGN table (1947 system, the one the US Board on
# Geographic Names uses): a company named in Cyrillic against its romanized listing.
BGN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "zh",
       "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
       "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
       "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}


def bgn(word):
    out = []
    for i, ch in enumerate(word.lower()):
        r = BGN.get(ch, ch)
        # е is "ye" at the start of a word and after a vowel, й, ъ or ь (BGN/PCGN rule).
        if ch == "е" and (i == 0 or word.lower()[i - 1] in "аеёиоуыэюяйъь"):
            r = "ye"
        out.append(r)
    s = "".join(out).replace("ë", "yo" if word.lower().startswith("ё") else "ë")
    s = unicodedata.normalize("NFC", s)
    return s.capitalize()


RU = ["Северный", "Восток", "Заря", "Сибирь", "Волга", "Урал", "Прогресс", "Радуга", "Звезда",
      "Энергия", "Кристалл", "Импульс", "Сигнал", "Орбита", "Полюс", "Алмаз", "Гранит",
      "Вектор", "Спектр", "Квант", "Протон", "Электрон", "Феникс", "Сокол", "Беркут", "Альфа",
      "Титан", "Меридиан", "Исток", "Октава", "Парус", "Рассвет", "Юпитер", "Якорь", "Жемчуг",
      "Щит", "Цитадель", "Чайка", "Химпром", "Техснаб", "Промресурс", "Электроприбор",
      "Микротех", "Станкомаш", "Связьстрой", "Трансмаш", "Энергомаш", "Ространс"]
RU_FORMS = [("ООО", "LLC"), ("АО", "JSC"), ("ПАО", "PJSC"), ("ООО", "OOO"), ("", "")]
for i in range(150):
    ws = rng.sample(RU, rng.choice([1, 2]))
    native = " ".join(ws)
    latin = " ".join(bgn(w) for w in ws)
    fr, fl = rng.choice(RU_FORMS)
    q = f"{fr} {native}".strip()
    listed = f"{latin} {fl}".strip()
    if rng.random() < 0.5:
        add(q, listed, "match", "translit")
    else:
        add(listed, q, "match", "translit")

# ex-names: vessels listed as "A (ex-B)".
V1 = ["Ocean", "Sea", "Golden", "Silver", "Pacific", "Atlantic", "Northern", "Eastern", "Royal",
      "Blue", "Star", "Grand", "Crystal", "Coral", "Jade", "Pearl", "Amber", "Iron", "Lucky",
      "Noble"]
V2 = ["Pioneer", "Diamond", "Harmony", "Glory", "Fortune", "Spirit", "Voyager", "Empress",
      "Falcon", "Dolphin", "Horizon", "Mariner", "Phoenix", "Breeze", "Legend", "Dawn",
      "Triumph", "Navigator", "Serenity", "Wave"]
CAPE = ["Cape", "Port", "Bay", "Isla", "Mount", "Lake"]
CAPE2 = ["Diamond", "Orchid", "Lotus", "Tigris", "Sable", "Karim", "Zafar", "Nadia", "Helena",
         "Marlin", "Osprey", "Vega", "Altair", "Rigel", "Castor", "Sirius"]
seen_vessels = set()
for i in range(90):
    a = f"{rng.choice(V1)} {rng.choice(V2)}"
    b = f"{rng.choice(CAPE)} {rng.choice(CAPE2)}"
    if a in seen_vessels or b in seen_vessels:
        continue
    seen_vessels.update([a, b])
    ex = rng.choice(["ex-", "ex ", "f.k.a. ", "formerly "])
    listed = f"{a} ({ex}{b})"
    q = [b, a, f"M/V {b}", f"MV {a}", f"{b} (ex-{a})"][i % 5]
    add(q, listed, "match", "ex_name")

# ---------------------------------------------------------------------------------------------
# Different companies.
BIZ = [("Exports", "Imports"), ("Export", "Import"), ("Trading", "Shipping"),
       ("Holdings", "Investments"), ("Logistics", "Trading"), ("Electronics", "Engineering"),
       ("Petroleum", "Chemical"), ("Marine", "Aviation"), ("Industries", "Services"),
       ("Technologies", "Trading"), ("Bank", "Insurance"), ("Mining", "Steel"),
       ("Construction", "Consulting"), ("Leasing", "Finance"), ("Tankers", "Navigation"),
       ("Software", "Semiconductor"), ("Textiles", "Foods"), ("Motors", "Machinery")]
for i in range(130):
    core, form = bases[i % len(bases)] if i % 3 else sdn_bases[i % len(sdn_bases)]
    a, b = rng.choice(BIZ)
    if rng.random() < 0.5:
        a, b = b, a
    stem = core.split()[0]
    if i % 4 == 0:
        stem = f"{stem} {pseudo_word()}"
    add(f"{stem} {a} {form}", f"{stem} {b} {form}", "nonmatch", "business_word")

NUMS = [("One", "Two"), ("Three", "Five"), ("Four", "Six"), ("Seven", "Eight"), ("1", "2"),
        ("2", "3"), ("8", "6"), ("No. 8", "No. 6"), ("No. 1", "No. 11"), ("II", "III"),
        ("First", "Second"), ("Third", "Fourth"), ("17", "71"), ("101", "102"),
        ("Nine", "Ten"), ("IV", "VI")]
NUM_FRAMES = ["{v} Shipping {n} Inc.", "{v} Shipping {n} Ltd", "{v} {n}", "M/V {v} {n}",
              "{v} Maritime {n} S.A.", "{v} Fund {n} LP", "{v} Navigation {n} Corp.",
              "{v} Holdings {n} Limited", "{v} Tanker {n}"]
for i in range(130):
    v = f"{rng.choice(V1)} {rng.choice(V2)}" if i % 2 else pseudo_word()
    a, b = rng.choice(NUMS)
    if rng.random() < 0.5:
        a, b = b, a
    frame = rng.choice(NUM_FRAMES)
    add(frame.format(v=v, n=a), frame.format(v=v, n=b), "nonmatch", "numbered")

SURNAMES = ["Schmidt", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein",
            "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hartmann", "Lange", "Werner",
            "Krause", "Lehmann", "Köhler", "Hansen", "Jansen", "Larsen", "Petersen", "Nielsen",
            "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Rossi", "Russo", "Ferrari", "Esposito",
            "Bianchi", "Romano", "Colombo", "García", "Martínez", "López", "Sánchez", "Pérez",
            "Gómez", "Moreno", "Romero", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Wang",
            "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Tanaka", "Suzuki",
            "Takahashi", "Watanabe", "Kim", "Park", "Choi", "Jung", "Ivanov", "Petrov",
            "Sidorov", "Smirnov", "Popov", "Volkov", "Kuznetsov", "Sokolov", "Haddad", "Khoury",
            "Mansour", "Nasser", "Karimi", "Hosseini", "Rahimi", "Ahmadi", "Tehrani", "Fischer",
            "Fischler", "Wegner", "Keller", "Kellner", "Miller", "Moller", "Silva", "Souza",
            "Costa", "Santos", "Oliveira", "Pereira", "Novak", "Horvat", "Kovacs", "Nagy"]
SUR_FRAMES = ["{} GmbH", "{} & Söhne GmbH", "{} Trading Co., Ltd.", "{} Electronics Ltd.",
              "{} Industrial S.A. de C.V.", "{} Sp. z o.o.", "{} Holding A.S.",
              "{} Brothers LLC", "Studio {} S.r.l.", "{} Import Export LLC",
              "{} & Associates Inc.", "{} Shoji K.K."]
sur_pairs = set()
while len(sur_pairs) < 130:
    a, b = rng.sample(SURNAMES, 2)
    frame = rng.choice(SUR_FRAMES)
    sur_pairs.add((frame.format(a), frame.format(b)))
for q, listed in sorted(sur_pairs):
    add(q, listed, "nonmatch", "surname")

HOMO = [("Meyer", "Maier"), ("Meier", "Mayer"), ("Smith", "Smyth"), ("Schmidt", "Schmitt"),
        ("Philips", "Phillips"), ("Reid", "Reed"), ("Thompson", "Thomson"), ("Stewart", "Stuart"),
        ("Clark", "Clarke"), ("Hofmann", "Hoffmann"), ("Neumann", "Naumann"), ("Fischer",
        "Fisher"), ("Carlsen", "Karlsen"), ("Christensen", "Kristensen"), ("Lee", "Li"),
        ("Chen", "Chan"), ("Wong", "Wang"), ("Jensen", "Jenssen"), ("Cohen", "Kohen"),
        ("Catherine", "Kathryn"), ("Geoffrey", "Jeffrey"), ("Steven", "Stephen"),
        ("Mohamed", "Mahmoud"), ("Hussein", "Hassan"), ("Bauer", "Baur"), ("Kaiser", "Keyser"),
        ("Schulze", "Schultz"), ("Mueller", "Moeller"), ("Knight", "Night"),
        ("Wright", "Right"), ("Byrne", "Burns"), ("Rhodes", "Rhoads")]
HOMO_FRAMES = ["{} GmbH", "{} & Co. KG", "{} Trading Ltd", "{} Logistics LLC",
               "{} Electronics Inc.", "{} Engineering Ltd.", "{} Holdings Ltd", "{} AG"]
for a, b in HOMO:
    for frame in rng.sample(HOMO_FRAMES, 2):
        if rng.random() < 0.5:
            a, b = b, a
        add(frame.format(a), frame.format(b), "nonmatch", "homophone")

# unrelated: another listed name that shares common words or only the legal form.
pool = [full(c, f) for c, f in bases] + [sdn[e][0] for e in ents if sdn[e][1] == ""]
for i in range(160):
    a, b = rng.sample(pool, 2)
    if simple_key(a) != simple_key(b):
        add(a, b, "nonmatch", "unrelated")

# ---------------------------------------------------------------------------------------------
seen = set()
out = sys.stdout
out.write("query\tlisted_name\tlabel\tclass\n")
for q, listed, label, cls in pairs:
    key = (q, listed)
    if key in seen:
        continue
    seen.add(key)
    out.write(f"{q}\t{listed}\t{label}\t{cls}\n")
