"""Editor operation times on a 5,000-link document: python -m tests.benchmarks.editor_bench

Imports the seed repeated to about 5,000 links, then times each operation 30 times at links spread over the
document (server side, through the model, each in its own transaction with history): merge, split (undoing the
merge), move, confirm, note, undo, and the sentence operations (edit text, split, join, and their undo, which
tokenize again and refresh the document's glossary occurrences); prints p50 and p95 in milliseconds.
"""

import statistics
import tempfile
import time
from pathlib import Path

from reader.database import connect, migrate
from reader.documents.service import import_document
from reader.editing import model, text
from tests.benchmarks.common import repeated_seed


def main() -> None:
    """Print per-operation times."""
    db = migrate(connect(Path(tempfile.mkdtemp()) / "editor.sqlite"))
    vi, en, _copies = repeated_seed(1_200_000)
    document_id = import_document(db, vi, en, "5,000 links")
    links = [row[0] for row in db.execute("select id from links where document_id = ? order by idx", [document_id])]
    print(f"document: {len(links):,} links")
    times: dict[str, list[float]] = {
        name: []
        for name in (
            "merge",
            "split",
            "move",
            "confirm",
            "note",
            "undo",
            "edit text",
            "split sentence",
            "join",
            "undo text",
        )
    }

    def version() -> int:
        return db.execute("select version from documents where id = ?", [document_id]).fetchone()[0]

    def timed(name, call):
        start = time.perf_counter()
        call()
        times[name].append(time.perf_counter() - start)

    for n in range(30):
        link = links[(n * 157) % (len(links) - 2)]
        timed("merge", lambda: model.merge(db, document_id, link, version()))
        state = model.link_state(db, [link])[0]
        timed(
            "split",
            lambda: model.split(
                db, document_id, link, max(1, len(state["vi"]) - 1), max(0, len(state["en"]) - 1), version()
            ),
        )
        timed("move", lambda: model.move(db, document_id, link, "en", "next", version()))
        timed("confirm", lambda: model.confirm(db, document_id, link, version()))
        timed("note", lambda: model.set_note(db, document_id, link, "checked", version()))
        timed("undo", lambda: model.undo(db, document_id, version()))
        sentence = db.execute(
            "select id from sentences where link_id = ? and lang = 'vi' order by idx limit 1", [link]
        ).fetchone()[0]
        timed(
            "edit text",
            lambda: text.edit_text(db, document_id, sentence, "Câu này đã được sửa lại hoàn toàn.", version()),
        )
        new = db.execute(
            "select id from sentences where link_id = ? and lang = 'vi' order by idx limit 1", [link]
        ).fetchone()[0]
        timed("split sentence", lambda: text.split_sentence(db, document_id, new, 8, version()))
        timed(
            "join",
            lambda: text.join_sentences(
                db,
                document_id,
                db.execute(
                    "select id from sentences where link_id = ? and lang = 'vi' order by idx limit 1", [link]
                ).fetchone()[0],
                version(),
            ),
        )
        for _ in range(3):
            timed("undo text", lambda: model.undo(db, document_id, version()))
    for name, values in times.items():
        values.sort()
        print(
            f"{name:8} p50 {statistics.median(values) * 1000:6.2f} ms   p95 {values[int(0.95 * len(values))] * 1000:6.2f} ms"
        )


if __name__ == "__main__":
    main()
