"""Puts one bench's section, read from standard input, into bench/RESULTS.md in place of its last one.

    python3 bench/results.py NAME < section.md

The section goes between <!-- bench:NAME --> and <!-- /bench:NAME --> (added when the text lacks them); a file
without that section gets it at the end. Run from the repository's top directory, as every bench/*/run.sh does.
"""
import re
import sys

name = sys.argv[1]
start, end = "<!-- bench:%s -->" % name, "<!-- /bench:%s -->" % name
section = sys.stdin.read().strip()
if not section.startswith(start):
    section = start + "\n" + section + "\n" + end
path = "bench/RESULTS.md"
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# Benchmark results\n\nEach bench writes its own section; rerun the script named in a section to refresh it.\n"
pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: section, text)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
