"""The cache keys under which a segment's text may have been embedded."""

from __future__ import annotations

import hashlib


def segment_text_hashes(texts: list[str]) -> list[str]:
    # The topic runner embeds the segment text as stored; stripped forms are covered too.
    variants = {variant for text in texts for variant in (text, text.strip())}
    return [hashlib.sha256(variant.encode("utf-8")).hexdigest() for variant in variants]
