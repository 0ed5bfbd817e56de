from generator.model import Paper
from generator.taxonomy import Topic, load_topics
from generator.topics import assign_topics


def test_title_counts_more_than_a_passing_word():
    topic = Topic(slug="q", name="Quantization", description="", terms=("quantization",), min_score=2)
    in_title = Paper(key="a", slug="a", title="Better Quantization", abstract="We do things.")
    in_passing = Paper(key="b", slug="b", title="Other", abstract="Unlike quantization, we do other things.")
    twice = Paper(key="c", slug="c", title="Other", abstract="Quantization helps. More quantization helps more.")
    assert assign_topics([in_title, in_passing, twice], [topic]) == {"a": ["q"], "b": [], "c": ["q"]}


def test_exclusions_and_case_sensitive_terms():
    topic = Topic(slug="r", name="RAG", description="", terms=(), exact_terms=("RAG",), exclude=("rag doll",),
                  min_score=1)
    papers = [Paper(key="a", slug="a", title="x", abstract="We improve RAG."),
              Paper(key="b", slug="b", title="x", abstract="A rag is cloth."),
              Paper(key="c", slug="c", title="x", abstract="RAG and a rag doll.")]
    assert assign_topics(papers, [topic]) == {"a": ["r"], "b": [], "c": []}


def test_shipped_taxonomy_loads():
    topics = load_topics()
    assert len(topics) >= 15
    assert len({t.slug for t in topics}) == len(topics)
