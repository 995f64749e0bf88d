"""Small PDFs written byte by byte for tests: pages of text in Helvetica (WinAnsi), or
pages holding only a drawn shape, as a scan without text recognition does."""


def pdf_bytes(pages: list[list[str]], pictures_only: bool = False) -> bytes:
    def esc(line):
        out = []
        for ch in line.encode("cp1252"):
            c = chr(ch)
            if c in "\\()":
                out.append("\\" + c)
            elif ch < 32 or ch > 126:
                out.append(f"\\{ch:03o}")
            else:
                out.append(c)
        return "".join(out)
    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>",
               3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"}
    kids = []
    number = 4
    for lines in pages:
        if pictures_only:
            stream = "0 0 1 rg 72 72 200 200 re f"
        else:
            stream = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({esc(l)}) Tj T*" for l in lines) + " ET"
        page, content = number, number + 1
        number += 2
        objects[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                         "/Resources << /Font << /F1 3 0 R >> >> >>")
        data = stream.encode("latin-1")
        objects[content] = f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
        kids.append(f"{page} 0 R")
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for key in sorted(objects):
        offsets[key] = len(out)
        body = objects[key] if isinstance(objects[key], bytes) else objects[key].encode("latin-1")
        out += f"{key} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for key in range(1, size):
        out += f"{offsets[key]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
