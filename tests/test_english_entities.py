"""English questions name people, places and dates in English: the table below is what each form
must reach in the Chinese texts (index/english_names.py ``english_entities``)."""

import pytest

from index.english_names import english_entities

PEOPLE = ["陈肇雄", "鲁昕", "翁杰明", "邬贺铨", "陈明", "何立峰"]
PLACES = ["浙江省", "北京", "杭州市"]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("What did Chen Zhaoxiong stress?", [("Chen Zhaoxiong", ["陈肇雄"])]),
        ("What did Zhaoxiong Chen stress?", [("Zhaoxiong Chen", ["陈肇雄"])]),
        ("What did Chen Zhao-xiong stress?", [("Chen Zhao-xiong", ["陈肇雄"])]),
        ("Lu Xin used to be a vice minister of which ministry?", [("Lu Xin", ["鲁昕"])]),
        ("According to Chen, what kind of country is China?", [("Chen", ["陈肇雄", "陈明"])]),
        # a surname that is a common English word, or not capitalised, is not a name
        ("What did he say?", []),
        ("He said what?", []),
        ("who is chen", []),
        ("Who spoke for Zhejiang?", [("Zhejiang", ["浙江"])]),
        ("Was it held in Beijing or Hangzhou?", [("Beijing", ["北京"]), ("Hangzhou", ["杭州"])]),
        ("What happened in April 2018?", [("April 2018", ["2018年4月"])]),
        ("What happened on April 23, 2020?", [("April 23, 2020", ["2020年4月23日", "4月23日"])]),
        ("What happened on 23rd April?", [("23rd April", ["4月23日"])]),
        ("Who came in August?", [("August", ["8月"])]),
        ("What may the ministry do in march?", []),  # lower-case modal verb and verb, not months
    ],
)
def test_english_entities(question, expected):
    assert english_entities(question, PEOPLE, PLACES) == expected


@pytest.mark.parametrize(
    ("phrase", "form"),
    [
        ("built", "build"),  # irregular: no suffix rule finds it
        ("swapped", "swap"),  # doubled consonant
        ("provinces'", "province"),  # plural possessive
        ("big-data", "big data"),  # CC-CEDICT writes glosses with spaces
        ("measures", "measure"),
        ("data", "data"),  # already a dictionary form
    ],
)
def test_an_english_word_is_looked_up_in_its_dictionary_form(phrase, form):
    """simplemma's English lexicon, not hand-written suffix rules, gives the form CC-CEDICT glosses."""
    from index.crosslingual import _variants

    assert form in _variants(phrase)


@pytest.mark.parametrize(
    ("question", "chinese"),
    [("What kind of data center will be built?", "建设"), ("Which measures were proposed?", "提出")],
)
def test_inflected_english_words_meet_the_texts_words(question, chinese):
    from index.crosslingual import translate

    vocabulary = "建设国家工业互联网大数据中心。会议提出四项措施"
    assert any(chinese in t for t in translate(question, vocabulary))


@pytest.mark.parametrize(
    ("word", "chinese", "found"),
    [
        ("facility", "设施", True),  # CC-CEDICT glosses 设施 only as "facilities"
        ("facilities", "设施", True),
        ("installation", "设施", True),
        ("come", "未来", False),  # "coming" (未来) is not a plural: no verb is reduced
    ],
)
def test_a_plural_gloss_is_found_under_its_singular(word, chinese, found):
    from index.crosslingual import translations

    assert (chinese in translations(word, "设施建设。未来。")) == found


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("When did the meeting take place?", "take place"),
        ("Weng Jieming showed up too", "showed up"),
        ("How many measures did the ministry put forward?", "put forward"),
    ],
)
def test_an_absent_verb_of_several_words_stays_one_phrase(question, phrase):
    from index.crosslingual import phrase_groups

    grouped = dict(phrase_groups(question, "会议", verb_phrases=True))
    assert grouped[phrase] == []  # absent from the texts, weighed as one phrase
    assert phrase not in dict(phrase_groups(question, "会议"))  # the rules' groups are unchanged


@pytest.mark.parametrize(
    ("question", "phrase", "parts"),
    [
        ("What does the policy-environment measure say?", "policy-environment", ["environment"]),
        ("What did the vice-minister say?", "vice-minister", []),  # the dictionary has it whole
    ],
)
def test_a_hyphenated_compound_no_dictionary_gives_is_read_as_its_parts(question, phrase, parts):
    from index.crosslingual import phrase_groups

    grouped = dict(phrase_groups(question, "政策环境。副部长"))
    assert (phrase in grouped) == (not parts)
    assert all(p in grouped for p in parts)


@pytest.mark.parametrize(
    ("word", "full"),
    [
        ("tech", "technology"),
        ("info", "information"),
        ("admin", "administration"),
        ("infra", "infrastructure"),
        ("technology", ""),  # a word the dictionaries know is no clipping
        ("boss", ""),
        ("honcho", ""),  # nothing starts with it
        ("miit", ""),  # an abbreviation, not a clipping: the glossary's
        ("it", ""),  # too short to be a clipping
    ],
)
def test_a_clipped_english_word_is_read_as_the_word_it_shortens(word, full):
    from index.crosslingual import clipped_from

    assert clipped_from(word) == full


def test_a_clipped_word_meets_the_texts_through_its_full_forms_translation():
    from index.crosslingual import translations

    assert "技术" in translations("tech", "发展新型应用技术")
    assert translations("honcho", "发展新型应用技术") == []


@pytest.mark.parametrize(
    ("word", "text", "chinese"),
    [
        ("developed", "发展新型应用技术", "发展"),  # simplemma reads it as "develope"
        ("trained", "加快人才培育", "培育"),
        ("ministries", "住房和城乡建设部", None),  # a single-character gloss (部) is never enough
    ],
)
def test_an_inflected_english_word_meets_the_texts_through_its_dictionary_form(word, text, chinese):
    from index.crosslingual import translations

    found = translations(word, text)
    assert (chinese in found) if chinese else found == []


@pytest.mark.parametrize(
    ("word", "question", "name"),
    [
        ("jiangsu", "What did Jiangsu's industry department report?", True),
        ("huawei", "Did Huawei's boss attend?", True),
        ("liehong", "What did Liu Liehong say?", True),
        ("jiangsu", "what did jiangsu report?", False),  # not capitalised: not written as a name
        ("beijing", "Was it held in Beijing?", False),  # a common English word (wordfreq)
        ("report", "What did the Report say?", False),  # not pinyin
        ("china", "Which China Telecom officials came?", False),
    ],
)
def test_a_capitalised_word_of_pinyin_syllables_is_a_chinese_name(word, question, name):
    from index.english_names import pinyin_name

    assert pinyin_name(word, question) == name


@pytest.mark.parametrize(
    ("question", "refused"),
    [
        ("What did Jiangsu's industry department say at the meeting?", True),  # no text names 江苏
        ("Did Huawei send anyone to the meeting?", True),
        ("Who came from China Telecom?", False),
    ],
)
def test_a_chinese_name_no_text_has_refuses_an_english_question(assistant, question, refused):
    assert assistant.ask(question).abstained == refused


@pytest.mark.parametrize(
    ("word", "text", "chinese", "found"),
    [
        # a proper noun's first gloss names it and then describes it ("Shanghai municipality, …")
        ("shanghai", "消息来源:上海证券报。", "上海", True),
        ("guangdong", "河南、浙江、广东等地方主管部门", "广东", True),
        ("jiangsu", "江苏省工业和信息化厅厅长谢志成", "江苏", True),
        # "Deqing county in Huzhou, Zhejiang": the county is no translation of the province
        ("zhejiang", "浙江省德清县", "德清县", False),
        ("zhejiang", "浙江省德清县", "浙江", True),
    ],
)
def test_a_dictionary_proper_noun_is_found_by_its_name(word, text, chinese, found):
    from index.crosslingual import translations

    assert (chinese in translations(word, text)) == found


@pytest.mark.parametrize(
    ("question", "phrase", "named"),
    [
        ("Who came from China Telecom?", "china telecom", True),  # 中国电信: LAC's organisation
        ("Did anyone from Beijing come?", "beijing", True),  # a place the texts have (北京)
        ("What about the industrial internet?", "industrial internet", False),  # words, no name
    ],
)
def test_an_english_dictionary_name_weighs_as_a_name_in_the_scored_answerer(assistant, question, phrase, named):
    """The same word in a Chinese question is LAC's PER / ORG / LOC, an entity at the name floor."""
    from app.scored.grounding import ground
    from app.scored.question import analyze as analyze_scored
    from app.terms import SETTINGS

    terms = {t.text: t for t in ground(analyze_scored(question), assistant.searcher)}
    assert phrase in terms
    assert terms[phrase].entity == named
    if named:
        assert terms[phrase].weight >= SETTINGS.entity_floor


@pytest.mark.parametrize(
    ("question", "phrase", "tag"),
    [
        ("What did Lu Xin say?", "lu xin", "PER"),
        ("Who came from Zhejiang?", "zhejiang", "LOC"),
        ("What happened at the March 2021 symposium?", "march 2021", "TIME"),  # a date is no person
    ],
)
def test_what_an_english_question_names_is_tagged_as_its_chinese_would_be(corpus_assistant, question, phrase, tag):
    from app.scored.grounding import ground
    from app.scored.question import analyze

    terms = {t.text: t.tag for t in ground(analyze(question), corpus_assistant.searcher)}
    assert terms[phrase] == tag
