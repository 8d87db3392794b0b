#!/usr/bin/env python3
"""Write a synthetic corpus of about SIZE bytes for `make bench`.

    corpus.py SIZE OUT_DIR [SOURCE_DIR...]

SIZE takes a suffix (10M, 100M, 1G). The texts are the paragraphs of the
source directories' .txt files (default: raw/ and tests/fixtures/unseen/),
shuffled into documents of 2 KB to 2 MB, so the scanner sees realistic
prose in both languages, in files of many sizes, rather than one text
repeated. (Numbers are kept: changed at random, they make ranges run
backwards and flood the run with warnings no real text gives.) A fixed seed: the same SIZE gives the same
bytes on every machine, so runs compare.
"""

import random
import sys
from pathlib import Path

SEED = 20261202
SUFFIXES = {"K": 10**3, "M": 10**6, "G": 10**9}


def parse_size(text: str) -> int:
    text = text.strip().upper().removesuffix("B")
    if text[-1:] in SUFFIXES:
        return int(float(text[:-1]) * SUFFIXES[text[-1]])
    return int(text)


def paragraphs(dirs: list[Path]) -> list[str]:
    found = []
    for directory in dirs:
        for path in sorted(directory.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            found.extend(p.strip() for p in text.split("\n\n") if p.strip())
    if not found:
        sys.exit(f"corpus.py: no .txt paragraphs in {', '.join(map(str, dirs))}")
    return found


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    target, out = parse_size(sys.argv[1]), Path(sys.argv[2])
    sources = [Path(p) for p in sys.argv[3:]] or [Path("raw"), Path("tests/fixtures/unseen")]
    pool = paragraphs(sources)
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    written, index = 0, 0
    while written < target:
        # Mostly articles, a few book-length files: memory must not follow
        # the largest document far.
        size = min(rng.choice([2_000] * 6 + [20_000] * 3 + [2_000_000]), target - written)
        parts, length = [], 0
        while length < size:
            paragraph = rng.choice(pool)
            parts.append(paragraph)
            length += len(paragraph.encode()) + 2
        data = ("\n\n".join(parts) + "\n").encode()
        (out / f"doc-{index:06}.txt").write_bytes(data)
        written += len(data)
        index += 1
    print(f"corpus.py: {index} files, {written / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
