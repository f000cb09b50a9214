"""Small EPUB books made for the tests with ebooklib: a short story written for this project ("Làng Hạ", four
chapters) in Vietnamese and in English, with footnotes, and damaged or hostile variants."""

import io
import zipfile
from html import escape

from ebooklib import epub

VI_TITLE = "Làng Hạ"
EN_TITLE = "Hạ Village"

# (title, paragraphs) per chapter; a paragraph may hold one footnote as "text[[note]]more text"
VI_CHAPTERS = [
    (
        "Chương 1. Ngôi làng bên sông",
        [
            "Làng Hạ nằm bên bờ sông Hồng, nơi những bãi ngô xanh trải dài tới chân đê[[Đê sông Hồng được đắp và"
            " bồi đắp qua nhiều thế kỷ để chống lũ.]].",
            "Mỗi sáng, bà Tư chèo thuyền sang chợ bên kia sông để bán rau. Cháu gái của bà, bé Lan, thường ngồi ở"
            " mũi thuyền và đếm những con cò trắng.",
            "Năm 1998, Lan lên tám tuổi và bắt đầu đi học ở trường làng.",
        ],
    ),
    (
        "Chương 2. Trận lũ",
        [
            "Tháng 8, mưa rơi suốt 9 ngày liền. Nước sông dâng cao, tràn qua bãi ngô và chạm tới chân đê.",
            "Cả làng thức trắng đêm để đắp thêm bao cát. Lan mang cơm nắm và nước chè ra cho những người đàn ông"
            " đang làm việc.",
            "Sáng ngày thứ 10, trời tạnh và con đê vẫn đứng vững.",
        ],
    ),
    (
        "Chương 3. Chiếc thuyền mới",
        [
            "Sau trận lũ, chiếc thuyền cũ của bà Tư bị nứt một đường dài.",
            "Ông Minh, người thợ mộc giỏi nhất làng, hứa sẽ đóng cho bà một chiếc thuyền mới. Ông chọn gỗ lim, bào"
            " từng tấm ván và trét nhựa vào các khe.",
            "21 ngày sau, chiếc thuyền mới được hạ xuống nước giữa tiếng reo hò của lũ trẻ.",
        ],
    ),
    (
        "Chương 4. Mùa gặt",
        [
            "Mùa thu đến, lúa chín vàng khắp cánh đồng. Cô giáo Hoa cho lớp nghỉ 3 ngày, và Lan theo bà ra đồng gặt lúa từ lúc mặt trời chưa mọc.",
            "Buổi tối, cả nhà ngồi quanh mâm cơm có cá kho và canh cua.",
            "Bà Tư kể lại chuyện trận lũ, và Lan hiểu rằng làng mình đã vượt qua nhờ mọi người cùng nhau.",
        ],
    ),
]
EN_FOREWORD = (
    "Foreword",
    ["This little story was written for the tests of a reading program. Every name in it is made up."],
)
EN_CHAPTERS = [
    (
        "Chapter 1. The village by the river",
        [
            "Hạ village lies on the bank of the Red River, where green fields of maize stretch to the foot of the"
            " dyke.",
            "Every morning, Grandmother Tư rows across the river to sell vegetables at the market. Her"
            " granddaughter, little Lan, often sits at the bow and counts the white storks.",
            "In 1998 Lan turned eight and started school in the village.",
        ],
    ),
    (
        "Chapter 2. The flood",
        [
            "In August, the rain fell for 9 days without stopping. The river rose, flooded the maize fields and"
            " reached the foot of the dyke.",
            "The whole village stayed awake all night to pile up more sandbags. Lan brought rice balls and green"
            " tea[[Green tea is drunk hot or cold all day in the villages of northern Vietnam.]] to the men who"
            " were working.",
            "On the morning of the 10th day, the rain stopped and the dyke still held.",
        ],
    ),
    (
        "Chapter 3. A new boat",
        [
            "After the flood, Grandmother Tư's old boat had a long crack.",
            "Mr Minh, the best carpenter in the village, promised to build her a new boat. He chose ironwood, planed"
            " every plank and sealed the seams with resin.",
            "21 days later, the new boat was lowered into the water while the children cheered.",
        ],
    ),
    (
        "Chapter 4. Harvest",
        [
            "Autumn came, and the rice ripened gold across the fields. Miss Hoa gave the class 3 days off, and Lan followed her"
            " grandmother to the fields"
            " to harvest rice before sunrise.",
            "In the evening, the whole family sat around a meal of braised fish and crab soup.",
            "Grandmother Tư told the story of the flood again, and Lan understood that the village had come"
            " through because everyone worked together.",
        ],
    ),
]


def _paragraph_html(text: str, number: list[int], notes: list[str]) -> str:
    if "[[" not in text:
        return f"<p>{escape(text)}</p>"
    before, rest = text.split("[[", 1)
    note, after = rest.split("]]", 1)
    number[0] += 1
    notes.append(f'<aside epub:type="footnote" id="fn{number[0]}"><p>{number[0]}. {escape(note)}</p></aside>')
    return (
        f'<p>{escape(before)}<sup><a epub:type="noteref" href="#fn{number[0]}">{number[0]}</a></sup>{escape(after)}</p>'
    )


def make_epub(title: str, language: str, chapters, *, identifier: str = "lang-ha") -> bytes:
    """Return an EPUB 3 book (with an EPUB 2 NCX) of `chapters`: (title, paragraphs) pairs."""
    book = epub.EpubBook()
    book.set_identifier(f"{identifier}-{language}")
    book.set_title(title)
    book.set_language(language)
    book.add_author("Reader project")
    items = []
    for index, (chapter_title, paragraphs) in enumerate(chapters, 1):
        number, notes = [0], []
        body = "".join(_paragraph_html(text, number, notes) for text in paragraphs)
        item = epub.EpubHtml(title=chapter_title, file_name=f"text/ch{index:02d}.xhtml", lang=language)
        item.content = f"<h1>{escape(chapter_title)}</h1>{body}{''.join(notes)}"
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    out = io.BytesIO()
    epub.write_epub(out, book)
    return out.getvalue()


def vietnamese_book() -> bytes:
    """Return the Vietnamese edition of the story (four chapters)."""
    return make_epub(VI_TITLE, "vi", VI_CHAPTERS)


def english_book(foreword: bool = True) -> bytes:
    """Return the English edition (a foreword, then four chapters)."""
    return make_epub(EN_TITLE, "en", ([EN_FOREWORD] if foreword else []) + EN_CHAPTERS)


def rewritten(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """Return an archive with some parts replaced (bytes), added, or removed (None)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename in changes:
                continue
            archive.writestr(info, source.read(info.filename))
        for name, content in changes.items():
            if content is not None:
                archive.writestr(name, content)
    return out.getvalue()


ENCRYPTION_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"'
    b' xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod'
    b' Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference'
    b' URI="EPUB/text/ch01.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>'
)


def zip_bomb(declared_bytes: int = 1 << 30) -> bytes:
    """Return a small EPUB-looking zip whose one part declares `declared_bytes` (1 GB by default) when unpacked: the
    sizes in its local and central headers are rewritten after a small part is written, which is all a bomb shows
    before it is unpacked (zipfile never unpacks past a declared size)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", b"<container/>")
        archive.writestr("EPUB/text/big.xhtml", b"<p>" + b"0" * 4096 + b"</p>")
    data = bytearray(out.getvalue())
    size = declared_bytes.to_bytes(4, "little")
    local = data.index(b"PK\x03\x04" + data[4:4], data.index(b"EPUB/text/big.xhtml") - 30)
    data[local + 22 : local + 26] = size
    central = data.index(b"PK\x01\x02", data.rindex(b"EPUB/text/big.xhtml") - 46)
    data[central + 24 : central + 28] = size
    return bytes(data)


def text_bomb(paragraphs: int) -> bytes:
    """Return a real EPUB whose one chapter repeats a Vietnamese paragraph `paragraphs` times (compresses ~100:1)."""
    return make_epub(
        "Bom chữ", "vi", [("Chương 1", ["Một câu rất dài được lặp lại nhiều lần trong sách."] * paragraphs)]
    )
