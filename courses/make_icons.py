"""Draw the app icons (a shield over a crowd's three heads, in the theme colour).

Run `python -m courses.make_icons` after changing the design; the PNGs are committed.
"""

from pathlib import Path

from PIL import Image, ImageDraw

THEME = (11, 79, 108)
LIGHT = (255, 255, 255)
ACCENT = (242, 169, 0)
FOLDER = Path(__file__).parent / "static" / "courses" / "icons"


def icon(size: int) -> Image.Image:
    """A square, safe for maskable cropping: the drawing stays inside the central 80 %."""
    image = Image.new("RGB", (size, size), THEME)
    draw = ImageDraw.Draw(image)
    s = size / 100
    shield = [(50 * s, 18 * s), (76 * s, 28 * s), (72 * s, 58 * s), (50 * s, 80 * s)]
    shield += [(28 * s, 58 * s), (24 * s, 28 * s)]
    draw.polygon(shield, fill=LIGHT)
    for x in (38, 50, 62):
        draw.ellipse([(x - 5) * s, 36 * s, (x + 5) * s, 46 * s], fill=THEME)
        draw.pieslice([(x - 8) * s, 48 * s, (x + 8) * s, 64 * s], 180, 360, fill=THEME)
    draw.rectangle([30 * s, 66 * s, 70 * s, 69 * s], fill=ACCENT)
    return image


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(FOLDER / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
