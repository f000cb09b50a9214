"""Copy the reviewed general dictionary into the package: python .dev/ship_dictionary.py /work/dict/dictionary.tsv

Keeps the file's header comment (provenance and licence, as the dictionary's lead wrote it) and adds where and when it
was copied from; normalizes every form as look-ups do (`reader.learning.lexicon.word_form`: NFC, lower case, single
spaces, tones of oa/oe/uy as underthesea's tokenizer writes them); drops a (form, pos) line seen before (reported);
then checks every line with the loader's own strict reader and refuses to write a file with a bad line.
"""

import datetime
import hashlib
import sys
from pathlib import Path

from reader.learning.lexicon import GENERAL_DICTIONARY, read_shipped, word_form


def main(source: Path, target: Path = GENERAL_DICTIONARY) -> int:
    """Write the normalized dictionary; return the exit status."""
    data = source.read_bytes()
    header, lines, seen, dropped = [], [], set(), []
    for line in data.decode("utf-8").splitlines():
        if line.startswith("#"):
            if not line.startswith("# Counts:"):
                header.append(line)
            continue
        if not line.strip():
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) == 3:
            fields[0] = word_form(fields[0])
            fields[2] = " ".join(fields[2].split())
            if (fields[0], fields[1]) in seen:
                dropped.append(line)
                continue
            seen.add((fields[0], fields[1]))
        lines.append("\t".join(fields))
    forms = {line.split("\t")[0] for line in lines}
    header.append(
        f"# Counts: {len(forms)} headwords, {len(lines)} lines. Build notes: docs/dictionary/SOURCES.md and REVIEW.md."
    )
    header.append(
        f"# Shipped in reader/data/ on {datetime.date.today().isoformat()} from {source.name} (sha256 "
        f"{hashlib.sha256(data).hexdigest()[:16]}), forms normalized like the tokenizer's output; see README, Content."
    )
    text = "\n".join(header + lines) + "\n"
    meanings, problems = read_shipped(text.encode("utf-8"), target.name)
    for line in dropped:
        print(f"dropped a repeated (form, pos): {line}", file=sys.stderr)
    for problem in problems:
        print(f"bad line: {problem}", file=sys.stderr)
    if problems:
        return 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}: {len(forms)} headwords, {len(meanings)} entries ({len(dropped)} repeated lines dropped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
