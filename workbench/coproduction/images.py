"""An image from a workshop with the story told about it: the story is a document
(coded like any text, one segment per paragraph); the picture is kept beside it."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass

from sqlalchemy import select

from ..errors import ImportProblem, WorkbenchError
from ..ingest.decode import clean_text
from ..ingest.model import ParsedDocument, ParsedImport, ParsedSegment, TextBuilder
from ..ingest.store_import import ImportReport, sha256, write_import
from ..store import Store, Writer
from ..store.schema import document_images, documents

MAX_IMAGE_BYTES = 8 * 1024 * 1024  # below the ~10 MiB a widget message can carry
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


@dataclass(frozen=True)
class ImageStory:
    document: str
    filename: str
    media_type: str
    alt_text: str
    image: bytes
    story: str

    def data_url(self) -> str:
        return f"data:{self.media_type};base64," + base64.b64encode(self.image).decode("ascii")

    def html(self) -> str:
        """The image beside its story, every piece of user text escaped."""
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in self.story.split("\n\n") if p.strip())
        return (f'<figure class="wb-image-story"><img src="{self.data_url()}" alt="{html.escape(self.alt_text)}">'
                f"<figcaption>{paragraphs}</figcaption></figure>")


def media_type(image: bytes, filename: str) -> str:
    if len(image) > MAX_IMAGE_BYTES:
        raise ImportProblem(filename, f"is {len(image) / 2**20:.1f} MiB; images are kept up to 8 MiB.",
                            "Save a smaller copy (e.g. 1600 pixels wide) and add it again.")
    for signature, kind in SIGNATURES.items():
        if image.startswith(signature):
            return kind
    if image[:4] == b"RIFF" and image[8:12] == b"WEBP":
        return "image/webp"
    raise ImportProblem(filename, "is not a PNG, JPEG, GIF or WebP image.", "Save the picture in one of those formats.")


def parse_story(name: str, story: str, filename: str, alt_text: str) -> ParsedImport:
    warnings: list[str] = []
    story = clean_text(story, filename, warnings) if story.strip() else ""
    paragraphs = [" ".join(p.split()) for p in story.split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise WorkbenchError(f"The story for {filename} is empty; write down what was said about the image.")
    if not alt_text.strip():
        raise WorkbenchError(f"Describe {filename} in a sentence (alt_text) for people who cannot see it.")
    builder = TextBuilder()
    document = ParsedDocument(name, "notes", "", attributes={"format": "image story", "image": filename})
    for paragraph in paragraphs:
        start, end = builder.add(paragraph)
        document.segments.append(ParsedSegment("story", start, end))
    document.text = builder.text
    return ParsedImport(filename=filename, documents=[document], warnings=warnings)


def write_story(writer: Writer, parsed: ParsedImport, image: bytes, kind: str, alt_text: str) -> ImportReport:
    report = write_import(writer, parsed, sha256(image + parsed.documents[0].text.encode("utf-8")))
    document_id = writer.conn.execute(select(documents.c.id).where(documents.c.name == parsed.documents[0].name)).scalar()
    # The picture's bytes stay out of the event log: one summary event says what was kept.
    writer.insert_many(document_images, [{"document_id": document_id, "filename": parsed.filename, "media_type": kind,
                                          "alt_text": alt_text.strip(), "data": image}], None)
    writer.log("document.image", "documents", document_id, {"media_type": kind, "bytes": len(image)})
    return report


def read_story(store: Store, document_id: int, name: str) -> ImageStory:
    with store.read() as conn:
        row = conn.execute(select(document_images, documents.c.text).join(documents, documents.c.id == document_images.c.document_id)
                           .where(document_images.c.document_id == document_id)).first()
    if row is None:
        raise WorkbenchError(f"The document '{name}' has no image; add one with add_image_story.")
    return ImageStory(name, row.filename, row.media_type, row.alt_text, row.data, row.text)
