#!/usr/bin/env python3
"""Writes a long Markdown book (several dozen pages) built from the licence
texts every Debian system ships in /usr/share/common-licenses (their
licences allow verbatim copies). Each licence becomes a chapter: centred
lines become section headings, numbered clauses subsections, indented
sub-clauses list items; a contents list links to every chapter, and a
code block, a quotation and a footnote are added to each chapter.

  make-long.py OUTPUT.md
"""
import re
import sys

SRC = "/usr/share/common-licenses/"
CHAPTERS = ["GPL-3", "GPL-2", "LGPL-2.1", "MPL-2.0", "Apache-2.0", "GFDL-1.3"]


def slug(s):
    s = re.sub(r"[^\w\s-]", "", s.lower()).strip()
    return re.sub(r"\s+", "-", s)


def paragraphs(text):
    for block in re.split(r"\n\s*\n", text):
        lines = [l for l in block.split("\n") if l.strip()]
        if lines:
            yield lines


def chapter_title(i, name):
    with open(SRC + name, encoding="utf-8") as f:
        return "Chapter %d: %s" % (i + 1, next(l for l in f if l.strip()).strip().title())


def chapter(i, name, out):
    with open(SRC + name, encoding="utf-8", errors="replace") as f:
        text = f.read().replace("\f", "\n")
    first = True
    for lines in paragraphs(text):
        joined = " ".join(l.strip() for l in lines)
        joined = joined.replace("*", "\\*").replace("_", "\\_")
        joined = re.sub(r"<(?!https?://)", "&lt;", joined)
        joined = re.sub(r"^([#>+-])", r"\\\1", joined)
        joined = re.sub(r"^(\d+)([.)])", r"\1\\\2", joined)
        if first:
            out.append("# %s\n" % chapter_title(i, name))
            first = False
            if len(lines) > 1:
                out.append(" ".join(l.strip() for l in lines[1:]) + "\n")
            continue
        lead = len(lines[0]) - len(lines[0].lstrip())
        if len(lines) == 1 and lead >= 8 and len(joined) < 60:
            out.append("## %s\n" % joined)
        elif len(lines) == 1 and re.match(r"^\s*\d+(\.\d+)*\.\s+\S", lines[0]) and len(joined) < 90:
            out.append("### %s\n" % re.sub(r"\\", "", joined))
        elif lead >= 4 and re.match(r"^\s*([a-z]|\d+)[.)]\s", lines[0]):
            out.append("- %s\n" % joined)
        else:
            out.append("%s\n" % joined)


def main():
    out = ["---", "title: Free Licences, Typeset", "subtitle: A long document for quire's PDF backend",
           "author: The quire test suite", "date: 2026-11-28", "lang: en-US",
           "keywords: [licences, typesetting]", "---", ""]
    out.append("This book collects the licences that come with every Debian system, "
               "so that quire has a long text with headings, lists, code, quotations and "
               "notes to set.[^why] The chapters are:\n")
    for i, name in enumerate(CHAPTERS):
        title = chapter_title(i, name)
        out.append("1. [%s](#%s)" % (title, slug(title)))
    out.append("\n[^why]: A book-length test catches what a page of text cannot: "
               "widows, orphans, headings at the foot of a page, and the running header.\n")
    for i, name in enumerate(CHAPTERS):
        chapter(i, name, out)
        out.append("> Every chapter ends with this quotation, set as a block quote "
                   "with its margins indented on both sides, so that the page builder "
                   "has one more kind of block to place.\n")
        out.append("```sh\ncp /usr/share/common-licenses/%s COPYING  # the text of this chapter, "
                   "copied next to a program's source with one rather long command line\n```\n" % name)
        out.append("See <https://www.debian.org/legal/licenses/> for more, or go back to the "
                   "[first chapter](#%s).\n" % slug(chapter_title(0, CHAPTERS[0])))
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
