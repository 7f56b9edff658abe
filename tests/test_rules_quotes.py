"""Quote rules and the references behind speakers and actors, on hand-built Docs
(tests/handmade.py): names nobody's article uses, one pattern per test."""

from __future__ import annotations

from handmade import facts, quotes, run


def test_a_quote_closed_with_the_other_mark_still_ends_there():
    found = run('"We will rebuild the bridge,” Dorin Mace said.', """
        "       "       PUNCT punct    3
        We      we      PRON  nsubj    3
        will    will    AUX   aux      3
        rebuild rebuild VERB  ccomp    10
        the     the     DET   det      5
        bridge  bridge  NOUN  dobj     3
        ,       ,       PUNCT punct    10
        ”       ”       PUNCT punct    10
        Dorin   dorin   PROPN compound 9 PERSON
        Mace    mace    PROPN nsubj    10 PERSON
        said    say     VERB  ROOT     10
        .       .       PUNCT punct    10
    """)
    assert quotes(found) == [(("Dorin Mace",), "We will rebuild the bridge")]


TWO_QUOTES = "“The plan failed,” Mace said. “We start again.”"
# "“The plan failed,” Mace said." — the first sentence of the carry-over tests.
MACE_SAID = """
    “      “      PUNCT punct 3
    The    the    DET   det   2
    plan   plan   NOUN  nsubj 3
    failed fail   VERB  ccomp 7
    ,      ,      PUNCT punct 7
    ”      ”      PUNCT punct 7
    Mace   mace   PROPN nsubj 7 PERSON
    said   say    VERB  ROOT  7
    .      .      PUNCT punct 7
"""
TWO_QUOTES_ROWS = MACE_SAID + """
    “      “      PUNCT punct 11
    We     we     PRON  nsubj 11
    start  start  VERB  ROOT  11
    again  again  ADV   advmod 11
    .      .      PUNCT punct 11
    ”      ”      PUNCT punct 11
"""


def test_the_next_quote_continues_the_same_speaker():
    found = run(TWO_QUOTES, TWO_QUOTES_ROWS)
    assert [speakers for speakers, _ in quotes(found)] == [("Mace",), ("Mace",)]


def test_a_quote_that_ends_its_sentence_takes_no_attribution_from_the_next():
    text = "Talks stalled. “The plan failed.” Later Anika Holt said nothing."
    found = run(text, """
        Talks   talk    NOUN  nsubj    1
        stalled stall   VERB  ROOT     1
        .       .       PUNCT punct    1
        “       “       PUNCT punct    6
        The     the     DET   det      5
        plan    plan    NOUN  nsubj    6
        failed  fail    VERB  ROOT     6
        .       .       PUNCT punct    6
        ”       ”       PUNCT punct    6
        Later   later   ADV   advmod   12
        Anika   anika   PROPN compound 11 PERSON
        Holt    holt    PROPN nsubj    12 PERSON
        said    say     VERB  ROOT     12
        nothing nothing PRON  dobj     12
        .       .       PUNCT punct    12
    """)
    assert quotes(found) == []


def test_an_attribution_to_someone_unknown_stops_the_carry_over():
    text = "“The plan failed,” Mace said. “We start again,” someone added."
    found = run(text, MACE_SAID + """
        “       “       PUNCT punct 11
        We      we      PRON  nsubj 11
        start   start   VERB  ccomp 16
        again   again   ADV   advmod 11
        ,       ,       PUNCT punct 16
        ”       ”       PUNCT punct 16
        someone someone PRON  nsubj 16
        added   add     VERB  ROOT  16
        .       .       PUNCT punct 16
    """)
    assert quotes(found) == [(("Mace",), "The plan failed")]


def test_a_surname_the_tagger_missed_is_the_person_named_before():
    text = "Anika Holt spoke. “It is over,” Holt said."
    found = run(text, """
        Anika Holt   PROPN compound 1 PERSON
        Holt  holt   PROPN nsubj    2 PERSON
        spoke speak  VERB  ROOT     2
        .     .      PUNCT punct    2
        “     “      PUNCT punct    6
        It    it     PRON  nsubj    6
        is    be     AUX   ccomp    11
        over  over   ADV   advmod   6
        ,     ,      PUNCT punct    11
        ”     ”      PUNCT punct    11
        Holt  holt   PROPN nsubj    11
        said  say    VERB  ROOT     11
        .     .      PUNCT punct    11
    """)
    # The surname is a Person mention of its own (resolved to Anika Holt later) or, where
    # the tagger saw no token to mark, the full name itself.
    assert quotes(found) in ([(("Anika Holt",), "It is over")], [(("Holt",), "It is over")])
    assert all(m.label == "Person" for m in found.mentions if m.text.endswith("Holt"))


def test_a_statement_speaks_for_its_body():
    text = "“Talks are over,” the Velmar Institute statement said."
    found = run(text, """
        “         “         PUNCT punct    2
        Talks     talk      NOUN  nsubj    2
        are       be        AUX   ccomp    10
        over      over      ADV   advmod   2
        ,         ,         PUNCT punct    10
        ”         ”         PUNCT punct    10
        the       the       DET   det      9
        Velmar    velmar    PROPN compound 8 ORG
        Institute institute PROPN compound 9 ORG
        statement statement NOUN  nsubj    10
        said      say       VERB  ROOT     10
        .         .         PUNCT punct    10
    """)
    assert quotes(found) == [(("Velmar Institute",), "Talks are over")]


def test_a_quoted_title_is_no_quote():
    text = "Mace said he watched “Night Harbour” often."
    found = run(text, """
        Mace    mace    PROPN nsubj    1 PERSON
        said    say     VERB  ROOT     1
        he      he      PRON  nsubj    3
        watched watch   VERB  ccomp    1
        “       “       PUNCT punct    6
        Night   night   PROPN compound 6
        Harbour harbour PROPN dobj     3
        ”       ”       PUNCT punct    6
        often   often   ADV   advmod   3
        .       .       PUNCT punct    1
    """)
    assert quotes(found) == []


def test_state_organs_named_through_a_demonym_act_for_the_country():
    text = "Estonian officials accused Latvia."
    found = run(text, """
        Estonian  estonian  ADJ   amod  1 NORP
        officials official  NOUN  nsubj 2
        accused   accuse    VERB  ROOT  2
        Latvia    latvia    PROPN dobj  2 GPE
        .         .         PUNCT punct 2
    """)
    assert facts(found) == {("Estonia", "criticizes", "Latvia")}


def test_a_capital_acting_stands_for_its_country():
    text = "Estonia and Latvia quarrel. Tallinn accused Riga."
    found = run(text, """
        Estonia estonia PROPN nsubj 3 GPE
        and     and     CCONJ cc    0
        Latvia  latvia  PROPN conj  0 GPE
        quarrel quarrel VERB  ROOT  3
        .       .       PUNCT punct 3
        Tallinn tallinn PROPN nsubj 6 GPE
        accused accuse  VERB  ROOT  6
        Riga    riga    PROPN dobj  6 GPE
        .       .       PUNCT punct 6
    """)
    assert facts(found) == {("Estonia", "criticizes", "Latvia")}


def test_a_pronoun_skips_the_person_it_cannot_be():
    text = "Oskar Brandt said he would go. Ilse Varga said she would stay. “We will win,” he said."
    found = run(text, """
        Oskar  oskar  PROPN compound 1 PERSON
        Brandt brandt PROPN nsubj    2 PERSON
        said   say    VERB  ROOT     2
        he     he     PRON  nsubj    5
        would  would  AUX   aux      5
        go     go     VERB  ccomp    2
        .      .      PUNCT punct    2
        Ilse   ilse   PROPN compound 8 PERSON
        Varga  varga  PROPN nsubj    9 PERSON
        said   say    VERB  ROOT     9
        she    she    PRON  nsubj    12
        would  would  AUX   aux      12
        stay   stay   VERB  ccomp    9
        .      .      PUNCT punct    9
        “      “      PUNCT punct    17
        We     we     PRON  nsubj    17
        will   will   AUX   aux      17
        win    win    VERB  ccomp    21
        ,      ,      PUNCT punct    21
        ”      ”      PUNCT punct    21
        he     he     PRON  nsubj    21
        said   say    VERB  ROOT     21
        .      .      PUNCT punct    21
    """)
    assert quotes(found) == [(("Oskar Brandt",), "We will win")]


def test_it_said_is_the_body_that_was_the_subject():
    text = "The Velmar Institute rejected the plan. “It is unworkable,” it said."
    found = run(text, """
        The        the        DET   det      2
        Velmar     velmar     PROPN compound 2 ORG
        Institute  institute  PROPN nsubj    3 ORG
        rejected   reject     VERB  ROOT     3
        the        the        DET   det      5
        plan       plan       NOUN  dobj     3
        .          .          PUNCT punct    3
        “          “          PUNCT punct    9
        It         it         PRON  nsubj    9
        is         be         AUX   ccomp    14
        unworkable unworkable ADJ   acomp    9
        ,          ,          PUNCT punct    14
        ”          ”          PUNCT punct    14
        it         it         PRON  nsubj    14
        said       say        VERB  ROOT     14
        .          .          PUNCT punct    14
    """)
    assert quotes(found) == [(("Velmar Institute",), "It is unworkable")]


def test_a_headline_with_leaders_named_through_their_countries():
    found = run("Norvia, Ostland leaders vow to finish railway", """
        Norvia   norvia   PROPN nsubj    4 GPE
        ,        ,        PUNCT punct    0
        Ostland  ostland  PROPN compound 3 GPE
        leaders  leader   NOUN:NNS conj  0
        vow      vow      VERB:VBP ROOT  4
        to       to       PART  aux      6
        finish   finish   VERB:VB xcomp  4
        railway  railway  NOUN  dobj     6
    """)
    assert facts(found) == {("Norvia", "pledges", "finish railway"), ("Ostland", "pledges", "finish railway")}


def test_officials_of_two_countries_meeting_is_the_countries_meeting():
    found = run("The presidents of Norvia and Ostland met.", """
        The        the       DET   det   1
        presidents president NOUN:NNS nsubj 6
        of         of        ADP   prep  1
        Norvia     norvia    PROPN pobj  2 GPE
        and        and       CCONJ cc    3
        Ostland    ostland   PROPN conj  3 GPE
        met        meet      VERB  ROOT  6
        .          .         PUNCT punct 6
    """)
    assert facts(found) == {("Norvia", "meets", "Ostland")}


def test_the_chancellor_is_not_the_shadow_chancellor():
    text = ("Anika Holt, the chancellor, spoke. Dorin Mace, the shadow chancellor, objected. "
            "“Taxes will fall,” the chancellor said.")
    found = run(text, """
        Anika      anika      PROPN compound 1 PERSON
        Holt       holt       PROPN nsubj    6 PERSON
        ,          ,          PUNCT punct    1
        the        the        DET   det      4
        chancellor chancellor NOUN  appos    1
        ,          ,          PUNCT punct    1
        spoke      speak      VERB  ROOT     6
        .          .          PUNCT punct    6
        Dorin      dorin      PROPN compound 9 PERSON
        Mace       mace       PROPN nsubj    15 PERSON
        ,          ,          PUNCT punct    9
        the        the        DET   det      13
        shadow     shadow     NOUN  compound 13
        chancellor chancellor NOUN  appos    9
        ,          ,          PUNCT punct    9
        objected   object     VERB  ROOT     15
        .          .          PUNCT punct    15
        “          “          PUNCT punct    20
        Taxes      tax        NOUN  nsubj    20
        will       will       AUX   aux      20
        fall       fall       VERB  ccomp    25
        ,          ,          PUNCT punct    25
        ”          ”          PUNCT punct    25
        the        the        DET   det      24
        chancellor chancellor NOUN  nsubj    25
        said       say        VERB  ROOT     25
        .          .          PUNCT punct    25
    """)
    assert quotes(found) == [(("Anika Holt",), "Taxes will fall")]


def test_a_colon_introduces_the_quote_even_across_a_sentence_break():
    text = "Anika Holt said: “Taxes will fall.”"
    found = run(text, """
        Anika Holt   PROPN compound 1 PERSON
        Holt  holt   PROPN nsubj    2 PERSON
        said  say    VERB  ROOT     2
        :     :      PUNCT punct    2
        “     “      PUNCT punct    7
        Taxes tax    NOUN  nsubj    7
        will  will   AUX   aux      7
        fall  fall   VERB  ROOT     7
        .     .      PUNCT punct    7
        ”     ”      PUNCT punct    7
    """)
    assert quotes(found) == [(("Anika Holt",), "Taxes will fall.")]


def test_the_group_is_the_organization_just_named():
    text = "The Velmar Front attacked Karsk. “We will go on,” the group said."
    found = run(text, """
        The      the      DET   det      2
        Velmar   velmar   PROPN compound 2 ORG
        Front    front    PROPN nsubj    3 ORG
        attacked attack   VERB  ROOT     3
        Karsk    karsk    PROPN dobj     3 GPE
        .        .        PUNCT punct    3
        “        “        PUNCT punct    9
        We       we       PRON  nsubj    9
        will     will     AUX   aux      9
        go       go       VERB  ccomp    15
        on       on       ADP   prt      9
        ,        ,        PUNCT punct    15
        ”        ”        PUNCT punct    15
        the      the      DET   det      14
        group    group    NOUN  nsubj    15
        said     say      VERB  ROOT     15
        .        .        PUNCT punct    15
    """)
    assert quotes(found) == [(("Velmar Front",), "We will go on")]


def test_a_demonym_tagged_as_a_place_still_stands_for_its_country():
    text = "Latvia waits. Tallinn held talks with Latvian officials."
    found = run(text, """
        Latvia    latvia    PROPN nsubj    1 GPE
        waits     wait      VERB  ROOT     1
        .         .         PUNCT punct    1
        Tallinn   tallinn   PROPN nsubj    4 GPE
        held      hold      VERB  ROOT     4
        talks     talk      NOUN  dobj     4
        with      with      ADP   prep     5
        Latvian   latvian   PROPN compound 8 GPE
        officials official  NOUN  pobj     6
        .         .         PUNCT punct    4
    """)
    assert facts(found) == {("Tallinn", "meets", "Latvia")}


def test_a_named_person_in_the_speaker_phrase_speaks_not_the_body_the_parser_took_for_subject():
    # The parser read "Has" as a verb: the subject is the university, the lecturer inside it.
    text = '"We will rebuild the port," said lecturer Ann Vole of Brindle Has University.'
    found = run(text, """
        "          "          PUNCT  punct    8
        We         we         PRON   nsubj    3
        will       will       AUX    aux      3
        rebuild    rebuild    VERB   ccomp    8
        the        the        DET    det      5
        port       port       NOUN   dobj     3
        ,          ,          PUNCT  punct    8
        "          "          PUNCT  punct    8
        said       say        VERB   ROOT     8
        lecturer   lecturer   NOUN   compound 11
        Ann        ann        PROPN  compound 11 PERSON
        Vole       vole       PROPN  poss     14 PERSON
        of         of         ADP    prep     11
        Brindle    brindle    PROPN  pobj     12 ORG
        Has        have       AUX    nsubj    8 ORG
        University university PROPN  dobj     14 ORG
        .          .          PUNCT  punct    8
    """)
    assert quotes(found) == [(("Ann Vole",), "We will rebuild the port")]
