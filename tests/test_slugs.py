import random

from generator.slugs import MAX_SLUG_LENGTH, assign_slugs, slug_for, title_key

LONG = ("BabyLlama-2: Ensemble-Distilled Models Consistently Outperform Teachers With Limited Data "
        "and Some More Words To Make It Long")


def test_plain_title_gives_readable_slug():
    assert slug_for("LoRA: Low-Rank Adaptation of Large Language Models") == \
        "lora-low-rank-adaptation-of-large-language-models"


def test_long_title_is_cut_at_a_whole_word_and_is_a_true_prefix():
    slug = slug_for(LONG)
    assert len(slug) <= MAX_SLUG_LENGTH
    words, suffix = slug.rsplit("-", 1)[0], slug.rsplit("-", 1)[1]
    assert len(suffix) == 6
    assert "babyllama-2-ensemble-distilled-models-consistently-outperform-teachers-with-limited".startswith(words)
    title_words = [w.strip(":").lower() for w in LONG.replace("-", " ").split()]
    assert words.split("-") == title_words[: len(words.split("-"))]


def test_slug_is_a_function_of_the_title_alone():
    titles = [f"Paper Number {i}: On Things" for i in range(50)] + [LONG, "Яндекс: модели", "???", "C++ Models"]
    keys = {title_key(t): t for t in titles}
    slugs = assign_slugs(keys)
    shuffled = list(keys.items())
    random.Random(3).shuffle(shuffled)
    assert assign_slugs(dict(shuffled)) == slugs
    fewer = dict(list(keys.items())[:20])
    assert all(assign_slugs(fewer)[k] == slugs[k] for k in fewer)
    assert len(set(slugs.values())) == len(slugs)


def test_titles_that_slugify_alike_get_distinct_slugs():
    a, b = "Über Models", "Uber Models"
    for pair in [(a, b), (b, a)]:
        slugs = assign_slugs({title_key(t): t for t in pair})
        assert slugs[title_key(b)] == "uber-models"
        assert slugs[title_key(a)].startswith("uber-models-") and slugs[title_key(a)] != "uber-models"


def test_non_latin_and_punctuation_titles_get_non_empty_slugs():
    for title in ["深度学习模型", "نماذج اللغة", "Языковые модели", "!!!", "..."]:
        slug = slug_for(title)
        assert slug and slug == slug_for(title)
        assert slug.isascii() and " " not in slug


NON_LATIN = ["深度学习模型", "大规模语言模型的高效微调", "نماذج اللغة", "نماذج اللغة الكبيرة", "Языковые модели",
             "Большие языковые модели", "!!!", "???", "...", "—", "🚀🚀"]


def test_non_latin_and_punctuation_titles_are_distinct_papers_with_distinct_stable_slugs():
    keys = {title_key(t) for t in NON_LATIN}
    assert len(keys) == len(NON_LATIN)  # "???" and "!!!" are not the same paper
    slugs = assign_slugs({title_key(t): t for t in NON_LATIN})
    assert len(set(slugs.values())) == len(NON_LATIN)
    assert slugs == assign_slugs({title_key(t): t for t in reversed(NON_LATIN)})
    assert slugs[title_key("Языковые модели")].startswith("iazykovye-modeli-")
    assert slugs[title_key("???")].startswith("paper-")
    for title in NON_LATIN:
        assert slugs[title_key(title)] == slug_for(title)  # no collision: each is its own title's slug


def test_a_title_cannot_take_the_slug_of_a_hashed_one():
    """A slug without a hash never ends like a hash, so "Uber Models <hash>" cannot spell
    the slug of "Über Models" and take its URL."""
    hashed = slug_for("Über Models")
    impostor = hashed.replace("-", " ")
    assert slug_for(impostor) != hashed and slug_for(impostor).startswith(hashed + "-")
    assert assign_slugs({title_key(t): t for t in ["Über Models", impostor]})[title_key("Über Models")] == hashed


def test_a_hash_collision_lengthens_only_the_colliding_hashes(monkeypatch):
    from generator import slugs as module
    real = module.title_hash
    monkeypatch.setattr(module, "title_hash", lambda key, length=6: "abcdef" if length == 6 else real(key, length))
    titles = ["Über Models", "Ubér Models", "Uber Models", "Cut " + LONG]
    for order in (titles, titles[::-1]):
        slugs = assign_slugs({title_key(t): t for t in order})
        assert slugs[title_key("Uber Models")] == "uber-models"  # exact slugs never move
        assert slugs[title_key("Über Models")] == f"uber-models-{real(title_key('Über Models'), 12)}"
        assert slugs[title_key("Ubér Models")] == f"uber-models-{real(title_key('Ubér Models'), 12)}"
        assert slugs[title_key("Cut " + LONG)].endswith("-abcdef")  # its base differs: no collision
