"""The demo's own pictures, drawn in code with Pillow (no file to download, no licence to
track): a cover per project theme and a logo per organisation. Released with Helix under CC0
(README, "Demo pictures"): anyone may reuse them for anything.

Each cover is a few flat shapes on the theme's colour, a motif anyone can read at a glance
(waves for flooding, lanes for mobility, a sun for energy…); a logo is the organisation's
initials on its sector's colour.
"""

import math
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from core.folding import fold

WIDTH, HEIGHT = 1200, 675
WHITE, LIGHT, DARK = (255, 255, 255), (255, 255, 255, 90), (0, 0, 0, 60)
ACCENT = (255, 209, 102)

THEME_COLOURS = {
    "smart-mobility": (11, 93, 122),
    "flooding-water": (20, 84, 140),
    "energy": (154, 77, 0),
    "environment": (30, 107, 58),
    "digital-government": (107, 44, 145),
    "education-skills": (91, 63, 153),
    "health": (164, 38, 44),
    "industry-innovation": (69, 90, 100),
    "urban-planning": (7, 63, 83),
    "public-safety": (120, 60, 20),
}
SECTOR_COLOURS = {
    "government": (107, 44, 145),
    "enterprise": (154, 77, 0),
    "academia": (11, 93, 122),
    "community": (30, 107, 58),
}

# The text alternative of each theme's cover, in Vietnamese like the demo's projects.
THEME_ALT = {
    "smart-mobility": "Hình minh hoạ: một con đường nhiều làn xe với vạch kẻ vàng.",
    "flooding-water": "Hình minh hoạ: những lớp sóng nước xanh dâng lên dưới bầu trời.",
    "energy": "Hình minh hoạ: mặt trời toả nắng trên các tấm pin năng lượng.",
    "environment": "Hình minh hoạ: hàng cây xanh trên những ngọn đồi.",
    "digital-government": "Hình minh hoạ: các màn hình dịch vụ công trực tuyến kết nối nhau.",
    "education-skills": "Hình minh hoạ: chồng sách mở và mũ tốt nghiệp.",
    "health": "Hình minh hoạ: chữ thập y tế trong vòng tròn.",
    "industry-innovation": "Hình minh hoạ: các bánh răng của nhà máy đang quay.",
    "urban-planning": "Hình minh hoạ: đường chân trời của các toà nhà thành phố.",
    "public-safety": "Hình minh hoạ: tấm khiên bảo vệ với dấu tích.",
}


def _waves(draw: ImageDraw.ImageDraw) -> None:
    for i, top in enumerate((330, 420, 510)):
        points = [(x, top + 28 * math.sin(x / 90 + i)) for x in range(0, WIDTH + 10, 10)]
        draw.polygon([*points, (WIDTH, HEIGHT), (0, HEIGHT)], fill=(255, 255, 255, 70 + 40 * i))


def _lanes(draw: ImageDraw.ImageDraw) -> None:
    draw.polygon([(480, 180), (720, 180), (1100, HEIGHT), (100, HEIGHT)], fill=DARK)
    for i in range(6):
        top = 200 + i * 80
        width = 6 + i * 4
        draw.rectangle((600 - width / 2, top, 600 + width / 2, top + 40 + i * 6), fill=ACCENT)
    draw.ellipse((880, 80, 980, 180), fill=LIGHT)


def _sun(draw: ImageDraw.ImageDraw) -> None:
    cx, cy = 840, 220
    for angle in range(0, 360, 30):
        a = math.radians(angle)
        draw.line(
            (
                cx + 110 * math.cos(a),
                cy + 110 * math.sin(a),
                cx + 170 * math.cos(a),
                cy + 170 * math.sin(a),
            ),
            fill=ACCENT,
            width=14,
        )
    draw.ellipse((cx - 85, cy - 85, cx + 85, cy + 85), fill=ACCENT)
    for i in range(4):
        x = 120 + i * 150
        draw.polygon([(x, 600), (x + 130, 600), (x + 170, 440), (x + 40, 440)], fill=LIGHT)


def _trees(draw: ImageDraw.ImageDraw) -> None:
    draw.ellipse((-200, 420, 700, 900), fill=LIGHT)
    draw.ellipse((500, 470, 1500, 950), fill=(255, 255, 255, 60))
    for x, y, r in ((240, 380, 80), (420, 330, 100), (820, 400, 90), (1000, 360, 70)):
        draw.rectangle((x - 10, y, x + 10, y + r + 80), fill=(90, 60, 30, 200))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(190, 230, 170, 230))


def _screens(draw: ImageDraw.ImageDraw) -> None:
    boxes = [(150, 150, 450, 350), (650, 120, 1000, 330), (400, 420, 760, 610)]
    centres = [((a + c) / 2, (b + d) / 2) for a, b, c, d in boxes]
    for (x1, y1), (x2, y2) in zip(centres, centres[1:] + centres[:1], strict=True):
        draw.line((x1, y1, x2, y2), fill=ACCENT, width=6)
    for box in boxes:
        draw.rounded_rectangle(box, radius=18, fill=WHITE)
        a, b, c, _d = box
        for i in range(3):
            draw.rectangle(
                (a + 30, b + 40 + i * 40, c - 30 - i * 50, b + 60 + i * 40), fill=(200, 210, 220)
            )


def _books(draw: ImageDraw.ImageDraw) -> None:
    for i, colour in enumerate(((255, 255, 255), ACCENT, (220, 230, 240))):
        draw.rounded_rectangle(
            (330 - i * 20, 470 - i * 70, 870 + i * 20, 530 - i * 70), radius=10, fill=colour
        )
    draw.polygon([(600, 120), (820, 200), (600, 280), (380, 200)], fill=(30, 30, 40))
    draw.rectangle((500, 230, 700, 300), fill=(30, 30, 40))
    draw.line((820, 200, 820, 300), fill=ACCENT, width=8)


def _cross(draw: ImageDraw.ImageDraw) -> None:
    draw.ellipse((400, 140, 800, 540), fill=WHITE)
    draw.rectangle((560, 210, 640, 470), fill=(164, 38, 44))
    draw.rectangle((470, 300, 730, 380), fill=(164, 38, 44))


def _gears(draw: ImageDraw.ImageDraw) -> None:
    for cx, cy, r, colour in (
        (460, 330, 150, WHITE),
        (720, 430, 100, ACCENT),
        (760, 200, 70, LIGHT),
    ):
        teeth = 12
        for k in range(teeth):
            a = 2 * math.pi * k / teeth
            x, y = cx + (r + 20) * math.cos(a), cy + (r + 20) * math.sin(a)
            draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=colour)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        draw.ellipse((cx - r / 3, cy - r / 3, cx + r / 3, cy + r / 3), fill=(69, 90, 100))


def _skyline(draw: ImageDraw.ImageDraw) -> None:
    x = 60
    for width, height in (
        (120, 260),
        (90, 380),
        (150, 300),
        (100, 450),
        (130, 220),
        (110, 340),
        (160, 280),
        (90, 400),
    ):
        draw.rectangle(
            (x, HEIGHT - 60 - height, x + width, HEIGHT - 60), fill=WHITE if height > 330 else LIGHT
        )
        for row in range(HEIGHT - 40 - height, HEIGHT - 80, 40):
            draw.rectangle((x + 20, row, x + 40, row + 18), fill=ACCENT)
        x += width + 20
    draw.rectangle((0, HEIGHT - 60, WIDTH, HEIGHT), fill=DARK)


def _shield(draw: ImageDraw.ImageDraw) -> None:
    draw.polygon(
        [(600, 110), (800, 180), (780, 400), (600, 560), (420, 400), (400, 180)], fill=WHITE
    )
    draw.line((500, 340, 575, 420, 720, 260), fill=(30, 107, 58), width=30, joint="curve")


MOTIFS = {
    "smart-mobility": _lanes,
    "flooding-water": _waves,
    "energy": _sun,
    "environment": _trees,
    "digital-government": _screens,
    "education-skills": _books,
    "health": _cross,
    "industry-innovation": _gears,
    "urban-planning": _skyline,
    "public-safety": _shield,
}


def _png(image: Image.Image, name: str) -> ContentFile:
    out = BytesIO()
    image.save(out, format="PNG")
    return ContentFile(out.getvalue(), name=name)


def theme_cover(theme: str) -> ContentFile:
    """A 1200 by 675 PNG for a project of this theme."""
    base = THEME_COLOURS.get(theme, (11, 93, 122))
    image = Image.new("RGBA", (WIDTH, HEIGHT), (*base, 255))
    # A soft diagonal light, then the theme's motif.
    shade = Image.linear_gradient("L").rotate(45, expand=False).resize((WIDTH, HEIGHT))
    image = Image.composite(
        image,
        Image.new("RGBA", (WIDTH, HEIGHT), (255, 255, 255, 255)),
        shade.point(lambda v: 205 + v // 5),
    )
    layer = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    MOTIFS.get(theme, _waves)(ImageDraw.Draw(layer))
    image.alpha_composite(layer)
    return _png(image.convert("RGB"), f"{theme}.png")


def initials(name: str) -> str:
    words = [w for w in fold(name).split() if w[:1].isalpha()]
    skipped = {"va", "and", "of", "the", "tinh", "thanh", "pho", "cong", "ty"}
    kept = [w for w in words if w not in skipped] or words
    return "".join(w[0] for w in kept[:2]).upper() or "H"


def organisation_logo(name: str, sector: str) -> ContentFile:
    """A 256 by 256 PNG: the organisation's initials on its sector's colour."""
    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (0, 0, size - 1, size - 1), radius=48, fill=SECTOR_COLOURS.get(sector, (11, 93, 122))
    )
    draw.arc((24, 24, size - 24, size - 24), start=200, end=340, fill=ACCENT, width=10)
    font = ImageFont.load_default(size=104)
    draw.text((size / 2, size / 2 + 14), initials(name), fill=WHITE, font=font, anchor="mm")
    return _png(image, "logo.png")


def logo_alt(name: str) -> str:
    return f"Biểu trưng của {name}: chữ {initials(name)} trên nền màu."
