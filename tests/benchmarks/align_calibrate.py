"""Fit the link-score model on the tuning half only: python -m tests.benchmarks.align_calibrate

Aligns the tuning half of the three development files (see align_data.py), labels each link right or wrong (inside one
gold verse, or a gold null link) and fits reader/alignment/confidence.py's two logistic models (linked, left out) by
Newton's method with a small ridge. Prints the coefficients to paste into confidence.py; the validation half is only
ever scored, by align_bench.
"""

import numpy as np

from reader.alignment import DEFAULT_WEIGHTS, search_links
from reader.alignment.confidence import LEFT_OUT, LINKED, content_size, link_features
from tests.benchmarks import align_data
from tests.benchmarks.align_scoring import group_wrong

RIDGE = 1.0


def fit(rows: list[dict[str, float]], labels: list[bool], names: list[str]) -> dict[str, float]:
    """Return logistic-regression coefficients (Newton's method, ridge on all but the bias)."""
    x = np.array([[row[name] for name in names] for row in rows])
    y = np.array(labels, dtype=np.float64)
    w = np.zeros(len(names))
    penalty = np.full(len(names), RIDGE)
    penalty[names.index("bias")] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(len(names))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {name: round(float(value), 2) for name, value in zip(names, w)}


def main() -> None:
    """Fit and print the coefficients."""
    if not align_data.available():
        print(f"skipped: {align_data.DEV} is absent")
        return
    samples: dict[str, tuple[list, list]] = {"linked": ([], []), "left out": ([], [])}
    for name in align_data.FILES:
        for document in align_data.documents(name, "tuning"):
            stretches, _fixed = search_links(
                document["vi"], document["en"], dictionary=(), fixed=(), learn=True, weights=DEFAULT_WEIGHTS
            )
            raw = stretches[0]
            gold = [(tuple(vi), tuple(en)) for vi, en in document["gold"]]
            wrong = group_wrong([(vi, en) for vi, en, *_ in raw], gold)
            vi_content = [content_size(s) for s in document["vi"]]
            en_content = [content_size(s) for s in document["en"]]
            for (vi, en, length_fit, matched, known), is_wrong in zip(raw, wrong):
                inputs = link_features(
                    vi, en, length_fit, matched, known, sum(vi_content[i] for i in vi), sum(en_content[j] for j in en)
                )
                rows, labels = samples["linked" if vi and en else "left out"]
                rows.append(inputs)
                labels.append(not is_wrong)
    for kind, names in (("linked", list(LINKED)), ("left out", list(LEFT_OUT))):
        rows, labels = samples[kind]
        print(f"{kind}: {len(rows)} links, {sum(labels) / max(len(labels), 1):.3f} right")
        if rows and 0 < sum(labels) < len(labels):
            print(f"  {fit(rows, labels, names)}")


if __name__ == "__main__":
    main()
