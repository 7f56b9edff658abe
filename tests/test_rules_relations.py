"""Relation rules on hand-built Docs (tests/handmade.py): one grammar pattern per test,
names nobody's article uses, so a model release shows which rule broke."""

from __future__ import annotations

from handmade import facts, run, statements


def test_urge_calls_for_the_act_and_never_for_the_addressee():
    found = run("Velmar urged Ostland to lift the blockade.", """
        Velmar   velmar   PROPN nsubj 1 PERSON
        urged    urge     VERB  ROOT  1
        Ostland  ostland  PROPN dobj  1 GPE
        to       to       PART  aux   4
        lift     lift     VERB  xcomp 1
        the      the      DET   det   6
        blockade blockade NOUN  dobj  4
        .        .        PUNCT punct 1
    """)
    assert facts(found) == {("Velmar", "callsFor", "lift the blockade")}


def test_a_call_passed_on_is_a_call_for_the_last_act():
    found = run("Velmar urged the council to press the parties to free the hostages.", """
        Velmar   velmar   PROPN nsubj 1 PERSON
        urged    urge     VERB  ROOT  1
        the      the      DET   det   3
        council  council  NOUN  dobj  1
        to       to       PART  aux   5
        press    press    VERB  xcomp 1
        the      the      DET   det   7
        parties  party    NOUN  dobj  5
        to       to       PART  aux   9
        free     free     VERB  advcl 5
        the      the      DET   det   11
        hostages hostage  NOUN  dobj  9
        .        .        PUNCT punct 1
    """)
    assert facts(found) == {("Velmar", "callsFor", "free the hostages")}


def test_an_alternative_threatened_is_not_called_for():
    found = run("Velmar urged Ostland to accept the truce or face sanctions.", """
        Velmar    velmar    PROPN nsubj 1 PERSON
        urged     urge      VERB  ROOT  1
        Ostland   ostland   PROPN dobj  1 GPE
        to        to        PART  aux   4
        accept    accept    VERB  xcomp 1
        the       the       DET   det   6
        truce     truce     NOUN  dobj  4
        or        or        CCONJ cc    4
        face      face      VERB  conj  4
        sanctions sanction  NOUN  dobj  8
        .         .         PUNCT punct 1
    """)
    assert facts(found) == {("Velmar", "callsFor", "accept the truce")}


def test_call_on_someone_to_act():
    found = run("Velmar called on Ostland to release the prisoners.", """
        Velmar    velmar   PROPN nsubj 1 PERSON
        called    call     VERB  ROOT  1
        on        on       ADP   prep  1
        Ostland   ostland  PROPN pobj  2 GPE
        to        to       PART  aux   5
        release   release  VERB  xcomp 1
        the       the      DET   det   7
        prisoners prisoner NOUN  dobj  5
        .         .        PUNCT punct 1
    """)
    assert facts(found) == {("Velmar", "callsFor", "release the prisoners")}


def test_seeking_to_act_is_no_call_but_seeking_a_thing_is():
    text = "Norvia is seeking to finalize a deal."
    found = run(text, """
        Norvia   norvia   PROPN      nsubj 2 GPE
        is       be       AUX        aux   2
        seeking  seek     VERB:VBG   ROOT  2
        to       to       PART       aux   4
        finalize finalize VERB:VB    xcomp 2
        a        a        DET        det   6
        deal     deal     NOUN       dobj  4
        .        .        PUNCT      punct 2
    """)
    assert not [f for f in facts(found, asserted=False) if f[1] == "callsFor"]
    found = run("Norvia sought a ceasefire.", """
        Norvia    norvia    PROPN nsubj 1 GPE
        sought    seek      VERB  ROOT  1
        a         a         DET   det   3
        ceasefire ceasefire NOUN  dobj  1
        .         .         PUNCT punct 1
    """)
    assert facts(found) == {("Norvia", "callsFor", "ceasefire")}


def test_a_pledged_act_keeps_its_verb():
    found = run("Trevanian pledged to block the reform.", """
        Trevanian trevanian PROPN nsubj 1 PERSON
        pledged   pledge    VERB  ROOT  1
        to        to        PART  aux   3
        block     block     VERB  xcomp 1
        the       the       DET   det   5
        reform    reform    NOUN  dobj  3
        .         .         PUNCT punct 1
    """)
    assert facts(found) == {("Trevanian", "pledges", "block the reform")}


def test_committing_abuses_is_no_pledge():
    found = run("Trevanian committed abuses.", """
        Trevanian trevanian PROPN nsubj 1 PERSON
        committed commit    VERB  ROOT  1
        abuses    abuse     NOUN  dobj  1
        .         .         PUNCT punct 1
    """)
    assert not facts(found, asserted=False)


def test_announced_provision_is_a_pledge():
    found = run("Trevanian announced that Norvia would send 40 million dollars.", """
        Trevanian trevanian PROPN nsubj    1 PERSON
        announced announce  VERB  ROOT     1
        that      that      SCONJ mark     5
        Norvia    norvia    PROPN nsubj    5 GPE
        would     would     AUX:MD aux     5
        send      send      VERB:VB ccomp  1
        40        40        NUM   compound 7 MONEY
        million   million   NUM   nummod   8 MONEY
        dollars   dollar    NOUN  dobj     5 MONEY
        .         .         PUNCT punct    1
    """)
    assert facts(found) == {("Trevanian", "pledges", "send 40 million dollars")}


def test_generic_nouns_and_dates_are_never_objects():
    found = run("Norvia requested comment.", """
        Norvia    norvia  PROPN nsubj 1 GPE
        requested request VERB  ROOT  1
        comment   comment NOUN  dobj  1
        .         .       PUNCT punct 1
    """)
    assert not facts(found, asserted=False)
    found = run("Velmar insisted on Wednesday.", """
        Velmar    velmar    PROPN nsubj 1 PERSON
        insisted  insist    VERB  ROOT  1
        on        on        ADP   prep  1
        Wednesday wednesday PROPN pobj  2 DATE
        .         .         PUNCT punct 1
    """)
    assert not facts(found, asserted=False)


def test_a_visit_to_a_town_is_no_meeting():
    found = run("Velmar visited Karsk.", """
        Velmar  velmar PROPN nsubj 1 PERSON
        visited visit  VERB  ROOT  1
        Karsk   karsk  PROPN dobj  1 GPE
        .       .      PUNCT punct 1
    """)
    assert not facts(found, asserted=False)
    found = run("Velmar visited Dorin Mace.", """
        Velmar  velmar PROPN nsubj 1 PERSON
        visited visit  VERB  ROOT  1
        Dorin   dorin  PROPN compound 3 PERSON
        Mace    mace   PROPN dobj  1 PERSON
        .       .      PUNCT punct 1
    """)
    assert facts(found) == {("Velmar", "meets", "Dorin Mace")}


def test_is_to_visit_stays_hypothetical():
    found = run("Velmar is to meet Dorin Mace.", """
        Velmar velmar PROPN nsubj    1 PERSON
        is     be     AUX   ROOT     1
        to     to     PART  aux      3
        meet   meet   VERB:VB xcomp  1
        Dorin  dorin  PROPN compound 5 PERSON
        Mace   mace   PROPN dobj     3 PERSON
        .      .      PUNCT punct    1
    """)
    assert statements(found) == {("Velmar", "meets", "Dorin Mace"): (False, True)}


def test_denied_meeting_is_negated():
    found = run("Velmar denied that he met Dorin Mace.", """
        Velmar velmar PROPN nsubj    1 PERSON
        denied deny   VERB  ROOT     1
        that   that   SCONJ mark     4
        he     he     PRON  nsubj    4
        met    meet   VERB  ccomp    1
        Dorin  dorin  PROPN compound 6 PERSON
        Mace   mace   PROPN dobj     4 PERSON
        .      .      PUNCT punct    1
    """)
    assert statements(found)[("Velmar", "meets", "Dorin Mace")][0] is True
    assert not facts(found)


def test_reported_claims_are_not_asserted():
    found = run("Velmar rejected claims that Norvia attacked Karsk.", """
        Velmar   velmar   PROPN nsubj 1 PERSON
        rejected reject   VERB  ROOT  1
        claims   claim    NOUN  dobj  1
        that     that     SCONJ mark  5
        Norvia   norvia   PROPN nsubj 5 GPE
        attacked attack   VERB  acl   2
        Karsk    karsk    PROPN dobj  5 GPE
        .        .        PUNCT punct 1
    """)
    assert not facts(found)


def test_criticism_of_an_act_is_criticism_of_its_owner():
    found = run("Velmar dismissed Trevanian's offer as a trick.", """
        Velmar    velmar    PROPN nsubj 1 PERSON
        dismissed dismiss   VERB  ROOT  1
        Trevanian trevanian PROPN poss  4 PERSON
        's        's        PART  case  2
        offer     offer     NOUN  dobj  1
        as        as        ADP   prep  4
        a         a         DET   det   7
        trick     trick     NOUN  pobj  5
        .         .         PUNCT punct 1
    """)
    assert facts(found) == {("Velmar", "criticizes", "Trevanian")}


def test_negotiations_between_two_parties_are_a_meeting():
    found = run("Negotiations between Norvia and Ostland resumed.", """
        Negotiations negotiation NOUN  nsubj 5
        between      between     ADP   prep  0
        Norvia       norvia      PROPN pobj  1 GPE
        and          and         CCONJ cc    2
        Ostland      ostland     PROPN conj  2 GPE
        resumed      resume      VERB  ROOT  5
        .            .           PUNCT punct 5
    """)
    assert facts(found) == {("Norvia", "meets", "Ostland")}


def test_light_verb_through_a_measure_of_talks():
    found = run("Velmar held hours of talks with Dorin Mace.", """
        Velmar velmar PROPN nsubj    1 PERSON
        held   hold   VERB  ROOT     1
        hours  hour   NOUN  dobj     1
        of     of     ADP   prep     2
        talks  talk   NOUN  pobj     3
        with   with   ADP   prep     4
        Dorin  dorin  PROPN compound 7 PERSON
        Mace   mace   PROPN pobj     5 PERSON
        .      .      PUNCT punct    1
    """)
    assert facts(found) == {("Velmar", "meets", "Dorin Mace")}


def test_coordinated_subjects_of_a_symmetric_verb_meet_each_other():
    found = run("Norvia and Ostland met.", """
        Norvia  norvia  PROPN nsubj 3 GPE
        and     and     CCONJ cc    0
        Ostland ostland PROPN conj  0 GPE
        met     meet    VERB  ROOT  3
        .       .       PUNCT punct 3
    """)
    assert facts(found) == {("Norvia", "meets", "Ostland")}


def test_a_participial_opener_read_as_a_noun_still_meets():
    found = run("Meeting in Karsk, Anika Holt and Dorin Mace agreed.", """
        Meeting meeting NOUN  npadvmod 9
        in      in      ADP   prep     0
        Karsk   karsk   PROPN pobj     1 GPE
        ,       ,       PUNCT punct    9
        Anika   anika   PROPN compound 5 PERSON
        Holt    holt    PROPN nsubj    9 PERSON
        and     and     CCONJ cc       5
        Dorin   dorin   PROPN compound 8 +PERSON
        Mace    mace    PROPN conj     5 PERSON
        agreed  agree   VERB  ROOT     9
        .       .       PUNCT punct    9
    """)
    assert facts(found) == {("Anika Holt", "meets", "Dorin Mace")}


def test_instead_of_calling_for_is_no_call():
    found = run("Velmar said instead of calling for a truce, Norvia will fight.", """
        Velmar  velmar  PROPN nsubj  1 PERSON
        said    say     VERB  ROOT   1
        instead instead ADV   advmod 3
        of      of      ADP   prep   11
        calling call    VERB:VBG pcomp 3
        for     for     ADP   prep   4
        a       a       DET   det    7
        truce   truce   NOUN  pobj   5
        ,       ,       PUNCT punct  11
        Norvia  norvia  PROPN nsubj  11 GPE
        will    will    AUX:MD aux   11
        fight   fight   VERB:VB ccomp 1
        .       .       PUNCT punct  1
    """)
    assert not facts(found)


def test_a_pledge_not_to_act_keeps_the_not():
    found = run("Trevanian vowed not to raise taxes.", """
        Trevanian trevanian PROPN nsubj 1 PERSON
        vowed     vow       VERB  ROOT  1
        not       not       PART  neg   4
        to        to        PART  aux   4
        raise     raise     VERB:VB xcomp 1
        taxes     tax       NOUN  dobj  4
        .         .         PUNCT punct 1
    """)
    assert facts(found) == {("Trevanian", "pledges", "not raise taxes")}
