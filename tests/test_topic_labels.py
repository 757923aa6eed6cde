"""Topic types and domains as a CPPCC reader labelled them, on 244 real items (tests/topic_eval.py;
`python tests/topic_eval.py -v` prints the confusion table and every miss)."""

from topic_eval import confusion, domain_precision, topic_accuracy

TOPIC_FLOOR = 0.90
DOMAIN_PRECISION_FLOOR = 0.85


def test_topic_types_agree_with_the_reader():
    assert topic_accuracy() >= TOPIC_FLOOR, confusion()


def test_domains_claimed_are_the_readers():
    assert domain_precision() >= DOMAIN_PRECISION_FLOOR
