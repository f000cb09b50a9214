"""The editor's checks: numbers compared as the aligner does, numbers written as words, evidence and dismissal."""

from reader.editing.checks import CHECK_CAP, Check, numbers_only_on_one_side, shown_score


def test_numbers_written_as_words_are_not_a_difference():
    assert numbers_only_on_one_side("cả 2 nước ký năm 1922", "both countries signed in 1922") == ([], [])
    assert numbers_only_on_one_side("hai nước", "the 2 countries") == ([], [])
    assert numbers_only_on_one_side("2 nước", "two countries") == ([], [])
    assert numbers_only_on_one_side("100.000 quân", "100,000 troops") == ([], [])
    assert numbers_only_on_one_side("tháng 11/1919", "in November 1919") == ([], [])


def test_numbers_that_differ_are_named_per_side():
    assert numbers_only_on_one_side("tháng 11/1919", "in November 1918") == (["1919"], ["1918"])
    assert numbers_only_on_one_side("3 nước", "two countries") == (["3"], [])
    assert numbers_only_on_one_side("năm 1925", "in 1925 and 1926") == ([], ["1926"])


def test_a_standing_check_caps_the_shown_score_a_dismissed_one_does_not():
    standing = Check("numbers", {"vi": ["1"], "en": []}, "numbers:1|")
    dismissed = Check("numbers", {"vi": ["1"], "en": []}, "numbers:1|", {"reason": "ok", "at": "", "username": ""})
    assert shown_score(0.99, [standing]) == CHECK_CAP
    assert shown_score(0.99, [dismissed]) == 0.99
    assert shown_score(0.3, [standing]) == 0.3
    assert shown_score(None, [standing]) is None
