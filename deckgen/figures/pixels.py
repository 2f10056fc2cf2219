"""The hash of a picture's pixels: what a slide's identity counts for a picture.

A re-encoded copy of the same picture (a save by PowerPoint or LibreOffice) must count as
unchanged, so the hash is of decoded pixels, not of the file. Decoding is the slow part of
hashing a deck, so deckgen stores the pixel hash of every figure it writes beside the hash
of its bytes in `figures/<id>/index.json` (`pixel_hash`, `image_hash`): a build that finds
the bytes deckgen wrote takes the stored hash, and decodes only a picture it cannot match.
"""

from __future__ import annotations

import hashlib
import io
import re

PIXEL_HASH_RE = re.compile("[0-9a-f]{64}")


def pixel_hash(blob: bytes) -> str:
    """sha256 of the decoded pixels at quarter scale (JPEG decodes at that scale directly;
    others are averaged in 4x4 blocks): any changed pixel still changes the hash, at a
    fraction of the cost of converting and hashing every pixel. Bytes Pillow cannot decode
    (EMF, SVG) are hashed as they are."""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(blob)) as img:
            size = img.size
            if img.format == "JPEG":
                img.draft("RGB", (max(1, size[0] // 4), max(1, size[1] // 4)))
                pixels = img.convert("RGBA")
            elif min(size) >= 64 and img.mode in ("RGB", "RGBA", "L", "LA"):
                pixels = img.reduce(4).convert("RGBA")
            else:
                pixels = img.convert("RGBA")
            data = f"{size}".encode() + pixels.tobytes()
    except Exception:  # a format Pillow cannot decode (EMF, SVG): compare the bytes
        data = blob
    return hashlib.sha256(data).hexdigest()
