"""Related papers by text similarity: TF-IDF over title and abstract, sparse nearest neighbours."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import NearestNeighbors

from .model import Paper

RELATED_COUNT = 5


def related_papers(papers: list[Paper], count: int = RELATED_COUNT) -> dict[str, list[str]]:
    """paper slug → the slugs of its `count` most similar papers, most similar first.

    Cosine similarity on sparse TF-IDF vectors; brute-force neighbours are computed
    in chunks by scikit-learn, so no N×N dense matrix is ever held.
    """
    if len(papers) < 2:
        return {paper.slug: [] for paper in papers}
    documents = [f"{p.title} {p.title} {p.abstract}" for p in papers]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1, max_df=0.5,
                              ngram_range=(1, 2), dtype=np.float32).fit_transform(documents)
    neighbours = NearestNeighbors(n_neighbors=min(count + 1, len(papers)), metric="cosine", algorithm="brute")
    _, indices = neighbours.fit(vectors).kneighbors(vectors)
    result: dict[str, list[str]] = {}
    for i, row in enumerate(indices):
        result[papers[i].slug] = [papers[j].slug for j in row if j != i][:count]
    return result
