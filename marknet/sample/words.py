"""Word pools for sample marks: Russian and English from wordfreq, Belarusian hand-picked.

wordfreq (a maintained word-frequency package) has no Belarusian list, so a short list of
common Belarusian words that often appear in Belarusian brand names is kept here.
"""

from __future__ import annotations

import re
from functools import cache

from wordfreq import top_n_list

_BELARUSIAN_TEXT = """
крыніца зорка сонца бульба лён млын хата мёд зубр дуброва бусел вясёлка вячэра
жытнёвы жыта каласок калыханка купалле лета восень зіма вясна поле лес бор рэчка
вада малако хлеб сыр масла смачны родны край свой беларускі палессе нёман сож
прыпяць дзвіна браслаў нарач мінскі гродна брэст віцебск магілёў гомель ліда
пінск полацк нясвіж мір белавежа пушча ружа рамонак васілёк верас журавіна
чарніца маліна суніца яблык груша вішня слівы арэх гарбуз агурок памідор
капуста цыбуля часнок морква бурак кроп пятрушка лісічка баравік рыжык
кветка пчолка мядок сокал арол бусел жаваранак салавей зязюля ластаўка
ваўчок мядзведзь лісіца заяц вавёрка вожык алень лось дзік рысь
сябар сям'я дом ганак сад агарод вёска горад замак вежа мост шлях
дарога зара світанак ранак поўдзень вечар ноч месяц неба хмара дождж
снег мароз вецер агонь цяпло святло радасць шчасце каханне мара надзея
вера сіла воля праўда слава памяць спадчына традыцыя рамяство майстар
ткач ганчар каваль пекар млынар пастух рыбак паляўнічы ляснік
залаты срэбны белы чырвоны зялёны сіні жоўты чорны блакітны
"""
BELARUSIAN: tuple[str, ...] = tuple(_BELARUSIAN_TEXT.split())

_ALPHA_CYR = re.compile(r"^[а-яё]{4,12}$")
_ALPHA_LAT = re.compile(r"^[a-z]{4,12}$")


@cache
def russian_words() -> tuple[str, ...]:
    return tuple(w for w in top_n_list("ru", 30_000) if _ALPHA_CYR.match(w))


@cache
def english_words() -> tuple[str, ...]:
    return tuple(w for w in top_n_list("en", 30_000) if _ALPHA_LAT.match(w))


@cache
def german_words() -> tuple[str, ...]:
    return tuple(w for w in top_n_list("de", 10_000) if _ALPHA_LAT.match(w))
