"""Every resource limit deckgen enforces, in one place.

Each bounds what a careless file, a broken archive or a hostile server can cost (memory,
time, disk) and ends in a one-line error or warning naming the file, field, id or host and
the fix. The README's "Limits" table lists each with its value and the message a user sees.
Plain constants only: any module may import this one.
"""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

# ---- files a presenter writes --------------------------------------------------------------

# session.yaml, translations.yaml: bytes of one file. PyYAML reads about 400 KB a second;
# a session's files are a few KB, translations of 300 papers under 1 MB.
MAX_YAML_BYTES = 1 * MIB
# levels of nested mappings and lists in a YAML file (session.yaml needs five)
MAX_YAML_DEPTH = 32
# values (keys, texts, lists, mappings) in a YAML file: each costs PyYAML about 60 us, so
# this bounds a file to seconds (translations of a paper take about 70)
MAX_YAML_NODES = 50_000

# ---- files deckgen writes and reads back ---------------------------------------------------

# deckgen.lock.json: bytes (a paper's metadata is about 3 KB)
MAX_LOCK_BYTES = 32 * MIB
# figures/<id>/index.json and source.json: bytes of one file
MAX_FIGURE_JSON_BYTES = 8 * MIB
# width and height an index.json row may claim, in pixels
MAX_FIGURE_SIDE = 100_000
# build/.<name>.pptx.slides and .<name>.pdf.pages, the records deckgen keeps beside a deck
# so a rebuild draws and converts only what changed: bytes (about 100 per slide)
MAX_BUILD_RECORD_BYTES = 8 * MIB

# ---- the e-print source of a paper ---------------------------------------------------------

MAX_UNPACKED = 300 * MIB  # bytes of a decompressed e-print
MAX_MEMBER = 60 * MIB  # bytes of one file inside it
MAX_MEMBERS = 10_000  # files inside it
# levels of `\input` / `\include` followed from the main .tex file
MAX_INPUT_DEPTH = 8
# characters of the main .tex file with every `\input` written in
MAX_TEX_CHARS = 8 * MIB

# ---- figure images -------------------------------------------------------------------------

# pixels of all the images one figure is drawn from, together (8000 x 5000); a slide shows
# at most 1920 x 1080, so more is never needed. Checked from each image's header, before
# it is decoded.
MAX_FIGURE_PIXELS = 40_000_000
# characters of a caption turned from LaTeX into text (figures/captions.py); a slide shows a
# few hundred, and pylatexenc takes about 10 ms per 1000 characters
MAX_CAPTION_LATEX = 4000
# entries of a figures/<id>/ folder looked at for images the presenter put there by hand
# (figures/hand.py); a paper has a few dozen figures at most
MAX_HAND_FILES = 200

# ---- .pptx files deckgen opens (templates, the existing deck) ------------------------------

MAX_PPTX_MEMBERS = 10_000  # parts (files) in the zip
MAX_PPTX_UNPACKED = 256 * MIB  # bytes of all parts, uncompressed
# uncompressed / compressed bytes of one part of more than MAX_PPTX_RATIO_FROM bytes; slide
# XML compresses about 10:1, images not at all, a compression bomb a thousand to one
MAX_PPTX_RATIO = 100
MAX_PPTX_RATIO_FROM = 1 * MIB

# ---- session names -------------------------------------------------------------------------

# characters of a session's `name:` (build/<name>.pptx and its timestamped copies; most file
# systems allow 255 bytes in a file name, and a Japanese character takes three)
MAX_NAME_CHARS = 60
# session folders beside a session read for its history (month-to-month memory); twenty
# years of monthly sessions, each read as its session.yaml is (MAX_YAML_BYTES)
MAX_HISTORY_SESSIONS = 240

# ---- answers from the network --------------------------------------------------------------

# bytes of one HTTP answer, counted after decompression as it streams in (a gzip answer of
# 2 MB can expand to gigabytes). An arXiv API answer for 100 ids is about 300 KB, a page of
# Daily Papers about 200 KB; DeepL's answers are smaller still.
MAX_ANSWER_BYTES = 32 * MIB
MAX_LIST_BYTES = 8 * MIB  # a `--source list:FILE` (ids or a saved HTML page) read from disk
# bytes of the figure downloads, each counted the same way
MAX_PAGE_BYTES = 40 * MIB  # a paper's HTML page (arXiv or ar5iv)
MAX_IMAGE_BYTES = 25 * MIB  # one image file
MAX_EPRINT_BYTES = 100 * MIB  # an e-print source or a PDF
# seconds one request may take, from sending it to the last byte of the answer; retries
# get their own. The timeout (DECKGEN_HTTP_TIMEOUT) is per read, so a server sending a byte
# a second never trips it; this does. DECKGEN_HTTP_DEADLINE sets another value. 100 MB at
# 1 MB/s fits.
REQUEST_DEADLINE = 300.0
# seconds a Retry-After header may ask for; a longer pause is reported, not waited
MAX_RETRY_AFTER = 300.0
# image files downloaded for one HTML figure; a figure drawn from more is skipped with a
# warning. Large real figures have a dozen or two panels; arXiv asks for 3 s between
# requests, so 32 images already take a minute and a half.
MAX_FIGURE_IMAGES = 32
# pages of Hugging Face Daily Papers read for one ranking (a month has a few hundred papers,
# 100 a page); only a server that never ends reaches it
MAX_HF_PAGES = 50
