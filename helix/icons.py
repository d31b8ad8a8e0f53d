"""Helix's icons (favicon, home-screen icons of the web-app manifest), drawn with Pillow from the
same shapes as static/img/helix.svg, so that no drawing tool is needed to change them:
`manage.py make_icons` writes them into static/img/."""

from pathlib import Path

from PIL import Image, ImageDraw

PRIMARY, ACCENT, WHITE = "#0b5d7a", "#ffd166", "#ffffff"
SIZES = {"icon-180.png": 180, "icon-192.png": 192, "icon-512.png": 512}
SUPERSAMPLE = 4

# static/img/helix.svg's two strands in its 32-unit box, as cubic Bézier segments.
STRANDS = [
    (ACCENT, [((9, 6), (9, 13), (23, 13), (23, 19)), ((23, 19), (23, 25), (9, 20), (9, 26))]),
    (WHITE, [((23, 6), (23, 13), (9, 13), (9, 19)), ((9, 19), (9, 25), (23, 20), (23, 26))]),
]


def _bezier(p0, p1, p2, p3, steps=64):
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        yield (
            u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
            u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
        )


def draw_icon(size: int, *, radius: float = 8) -> Image.Image:
    """The logo at `size` pixels square (radius 0: full bleed, for a maskable icon)."""
    big = size * SUPERSAMPLE
    scale = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius * scale, fill=PRIMARY)
    width = 3 * scale
    for colour, segments in STRANDS:
        # A round pen stamped along the curve: round caps and joins, no seams.
        for segment in segments:
            for x, y in _bezier(*segment, steps=400):
                x, y, r = x * scale, y * scale, width / 2
                draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(folder: Path) -> list[Path]:
    written = []
    for name, size in SIZES.items():
        path = folder / name
        draw_icon(size).save(path, format="PNG", optimize=True)
        written.append(path)
    favicon = folder / "favicon.ico"
    draw_icon(64).save(favicon, format="ICO", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
    written.append(favicon)
    return written
