"""Make the demo catalogue's media files in fixtures/courses/media/ (a development tool: the
files are committed, the site never runs this).

    .venv/bin/python courses/demo_catalogue/make_media.py

Diagrams are drawn with Pillow, one per language (their labels are text), saved as WebP
(Wagtail makes the srcset renditions). The video is a narrated slideshow per language:
slides drawn with Pillow, narration from espeak-ng (Debian package `espeak-ng`), encoded by
the ffmpeg binary that the PyPI package imageio-ffmpeg ships (requirements-dev.txt), with
WebVTT captions timed on the narration. Each video stays well under 500 KB.
"""

import io
import subprocess
import tempfile
import wave
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from courses.demo_catalogue.reaction_recovery import SLIDES

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "fixtures" / "courses" / "media"
FONTS = ROOT / "courses" / "fonts"
BRAND, DARK, ACCENT, INK, TINT, RED, GREEN = (
    "#003399",
    "#00246b",
    "#ffcc00",
    "#1b1f24",
    "#f2f5f8",
    "#b3261e",
    "#1a7f37",
)
W, H = 1200, 675

LABELS = {
    "en": {
        "road": "Road",
        "forecourt": "Forecourt (open)",
        "hall": "Landside hall",
        "boarding": "Boarding area",
        "check": "Screening line",
        "bay": "Bay",
        "bollards": "Bollards, 1.2 m gaps",
        "standoff": "Stand-off distance",
        "queue": "Queue",
        "police": "Police and gendarmerie",
        "operator": "Venue operator",
        "private": "Private security",
        "info": "Information",
        "plans": "Joint plans",
        "exercises": "Exercises",
        "open": "Open public spaces",
        "events": "Large-scale events",
        "transport": "Transport",
    },
    "fr": {
        "road": "Route",
        "forecourt": "Parvis (ouvert)",
        "hall": "Hall public",
        "boarding": "Zone d’embarquement",
        "check": "Ligne de filtrage",
        "bay": "Quai",
        "bollards": "Bornes, espacées de 1,2 m",
        "standoff": "Distance de sécurité",
        "queue": "File d’attente",
        "police": "Police et gendarmerie",
        "operator": "Exploitant du site",
        "private": "Sécurité privée",
        "info": "Information",
        "plans": "Plans communs",
        "exercises": "Exercices",
        "open": "Espaces publics ouverts",
        "events": "Grands événements",
        "transport": "Transports",
    },
}


def font(size: int, bold: bool = False):
    return ImageFont.truetype(
        str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size
    )


def canvas(size=(W, H)):
    image = Image.new("RGB", size, "white")
    return image, ImageDraw.Draw(image)


def centred(draw, xy, text, size=30, fill=INK, bold=False):
    draw.text(xy, text, font=font(size, bold), fill=fill, anchor="mm")


def person(draw, x, y, colour=BRAND, scale=1.0):
    r = 9 * scale
    draw.ellipse((x - r, y - 3 * r, x + r, y - r), fill=colour)
    draw.rounded_rectangle((x - 1.4 * r, y - 0.8 * r, x + 1.4 * r, y + 2.2 * r), 6, fill=colour)


def hub_zones(t):
    image, d = canvas()
    d.rectangle((0, 0, W, 110), fill="#5b6570")
    centred(d, (W // 2, 32), t["road"], 30, "white", True)
    for x in range(40, W, 120):
        d.rectangle((x, 78, x + 60, 84), fill="white")
    zones = [
        (110, 300, "#fff4cc", t["forecourt"]),
        (300, 500, TINT, t["hall"]),
        (500, H, "#dfe8f7", t["boarding"]),
    ]
    for top, bottom, colour, label in zones:
        d.rectangle((0, top, W, bottom), fill=colour)
        d.text((30, top + 20), label, font=font(34, True), fill=DARK)
    for y in (300, 500):
        d.line((0, y, W, y), fill=RED, width=6)
        d.text((W - 330, y - 40), t["check"], font=font(26), fill=RED)
    for i, x in enumerate(range(420, 1100, 90)):
        person(d, x, 210 + (i % 2) * 30, "#7a5c00")
    for x in range(120, 1100, 110):
        person(d, x, 420, BRAND)
    for i, x in enumerate(range(150, 1100, 240)):
        d.rounded_rectangle((x, 560, x + 170, 640), 12, fill=DARK)
        centred(d, (x + 85, 600), f"{t['bay']} {i + 1}", 24, "white")
    return image


def stand_off(t):
    image, d = canvas()
    d.rectangle((0, 0, W, 200), fill="#5b6570")
    centred(d, (W // 2, 40), t["road"], 30, "white", True)
    d.rounded_rectangle((120, 90, 360, 170), 18, fill=RED)
    d.polygon([(470, 130), (380, 100), (380, 160)], fill=ACCENT)
    for x in range(60, W, 100):
        d.ellipse((x - 18, 222, x + 18, 258), fill=INK)
    centred(d, (W // 2, 290), t["bollards"], 28, INK, True)
    d.line((W - 120, 240, W - 120, 500), fill=BRAND, width=6)
    d.polygon([(W - 136, 262), (W - 104, 262), (W - 120, 235)], fill=BRAND)
    d.polygon([(W - 136, 478), (W - 104, 478), (W - 120, 505)], fill=BRAND)
    d.text((W - 470, 360), t["standoff"], font=font(30, True), fill=BRAND)
    d.rectangle((0, 510, W, H), fill=TINT)
    for x in range(80, W - 200, 70):
        person(d, x, 590, GREEN)
    d.text((40, 525), t["queue"], font=font(30, True), fill=GREEN)
    return image


def triangle(t):
    image, d = canvas()
    points = [(W // 2, 100), (230, 470), (W - 230, 470)]
    d.polygon(points, outline=BRAND, width=8)
    for (x, y), label, colour in zip(
        points, [t["police"], t["operator"], t["private"]], [DARK, GREEN, "#7a5c00"], strict=True
    ):
        d.ellipse((x - 70, y - 70, x + 70, y + 70), fill=colour)
        person(d, x, y - 5, "white", 2.0)
        if y < H // 2:
            d.text((x + 90, y - 18), label, font=font(30, bold=True), fill=INK)
        else:
            centred(d, (x, y + 105), label, 30, INK, True)
    centred(d, (W // 2, 500), t["plans"], 28, BRAND)
    centred(d, (260, 280), t["info"], 28, BRAND)
    centred(d, (W - 260, 280), t["exercises"], 28, BRAND)
    return image


def space_types(t):
    image, d = canvas()
    third = W // 3
    for i, label in enumerate([t["open"], t["events"], t["transport"]]):
        x0 = i * third
        d.rectangle((x0 + 20, 40, x0 + third - 20, H - 40), fill=TINT)
        centred(d, (x0 + third // 2, H - 90), label, 28, DARK, True)
    # market stalls
    for j, colour in enumerate([RED, ACCENT, GREEN]):
        x = 70 + j * 100
        d.polygon([(x, 260), (x + 90, 260), (x + 80, 220), (x + 10, 220)], fill=colour)
        d.rectangle((x + 10, 260, x + 80, 330), outline=INK, width=4)
    for x in (110, 210, 310):
        person(d, x, 420, BRAND)
    # stadium
    cx = third + third // 2
    d.ellipse((cx - 150, 180, cx + 150, 400), outline=DARK, width=14)
    d.ellipse((cx - 90, 230, cx + 90, 350), fill=GREEN)
    # bus and plane
    cx = 2 * third + third // 2
    d.rounded_rectangle((cx - 150, 300, cx + 150, 420), 20, fill=BRAND)
    for k in range(4):
        d.rectangle((cx - 130 + k * 70, 320, cx - 80 + k * 70, 360), fill="white")
    d.ellipse((cx - 120, 400, cx - 70, 450), fill=INK)
    d.ellipse((cx + 70, 400, cx + 120, 450), fill=INK)
    d.polygon([(cx - 140, 200), (cx + 150, 180), (cx + 160, 200), (cx - 130, 220)], fill=DARK)
    d.polygon([(cx - 20, 205), (cx + 60, 130), (cx + 80, 135), (cx + 30, 205)], fill=DARK)
    return image


def risk_matrix(t):
    image, d = canvas()
    size, left, top = 100, 380, 60
    for row in range(5):
        for col in range(5):
            score = (5 - row) * (col + 1)
            colour = (
                GREEN if score <= 4 else ACCENT if score <= 9 else "#e07b00" if score <= 15 else RED
            )
            d.rectangle(
                (
                    left + col * size,
                    top + row * size,
                    left + (col + 1) * size,
                    top + (row + 1) * size,
                ),
                fill=colour,
                outline="white",
                width=4,
            )
            centred(
                d,
                (left + col * size + 50, top + row * size + 50),
                str(score),
                30,
                "white" if score > 15 or score <= 4 else INK,
                True,
            )
    centred(d, (left + 250, top + 540), t["impact"], 30, INK, True)
    d.text((60, top + 230), t["likelihood"], font=font(30, True), fill=INK)
    return image


def command_levels(t):
    image, d = canvas()
    tiers = [
        ("#c9a227", t["gold"], t["gold_what"]),
        ("#9aa3ad", t["silver"], t["silver_what"]),
        ("#a0662b", t["bronze"], t["bronze_what"]),
    ]
    for i, (colour, name, what) in enumerate(tiers):
        top, half = 60 + i * 190, 160 + i * 170
        d.polygon(
            [
                (W // 2 - half, top + 170),
                (W // 2 + half, top + 170),
                (W // 2 + half - 80, top),
                (W // 2 - half + 80, top),
            ],
            fill=colour,
        )
        centred(d, (W // 2, top + 60), name, 40, INK, True)
        centred(d, (W // 2, top + 115), what, 26, INK)
    return image


LABELS["en"].update(
    {
        "impact": "Impact →",
        "likelihood": "Likelihood ↑",
        "gold": "Gold",
        "gold_what": "strategy, limits, resources",
        "silver": "Silver",
        "silver_what": "tactical plan, control room",
        "bronze": "Bronze",
        "bronze_what": "operations on the ground",
    }
)
LABELS["fr"].update(
    {
        "impact": "Impact →",
        "likelihood": "Probabilité ↑",
        "gold": "Stratégique",
        "gold_what": "stratégie, limites, moyens",
        "silver": "Tactique",
        "silver_what": "plan tactique, poste de commandement",
        "bronze": "Opérationnel",
        "bronze_what": "action sur le terrain",
    }
)


def evacuate_invacuate(t):
    image, d = canvas()
    half = W // 2
    for i, (title, danger_inside) in enumerate([(t["evacuate"], True), (t["invacuate"], False)]):
        x0 = i * half
        centred(d, (x0 + half // 2, 50), title, 38, DARK, True)
        d.rectangle((x0 + 150, 160, x0 + 450, 460), outline=INK, width=10)
        d.rectangle((x0 + 270, 450, x0 + 330, 470), fill="white")  # the door
        dx, dy = (x0 + 300, 250) if danger_inside else (x0 + 300, 570)
        d.polygon([(dx, dy - 45), (dx - 45, dy + 35), (dx + 45, dy + 35)], fill=RED)
        centred(d, (dx, dy + 10), "!", 40, "white", True)
        if danger_inside:
            people = [(x0 + 90, 560), (x0 + 510, 560)]
            d.line((x0 + 300, 470, x0 + 300, 520), fill=GREEN, width=8)
            d.line((x0 + 130, 520, x0 + 470, 520), fill=GREEN, width=8)
        else:
            people = [(x0 + 220, 330), (x0 + 380, 330)]
        for px, py in people:
            person(d, px, py, GREEN, 1.6)
        centred(d, (x0 + half // 2, 640), t["inside"] if danger_inside else t["outside"], 26)
    d.line((half, 90, half, H - 60), fill=TINT, width=6)
    return image


LABELS["en"].update(
    {
        "evacuate": "Evacuate",
        "invacuate": "Invacuate (shelter)",
        "inside": "Danger inside: people go out",
        "outside": "Danger outside: people stay in",
    }
)
LABELS["fr"].update(
    {
        "evacuate": "Évacuer",
        "invacuate": "Confiner (à l’abri)",
        "inside": "Danger à l’intérieur\u202f: on sort",
        "outside": "Danger à l’extérieur\u202f: on reste",
    }
)

DIAGRAMS = {
    "transport-hub-zones": hub_zones,
    "vehicle-stand-off": stand_off,
    "cooperation-triangle": triangle,
    "public-space-types": space_types,
    "risk-matrix": risk_matrix,
    "command-levels": command_levels,
    "evacuate-or-invacuate": evacuate_invacuate,
}

VOICES = {"en": "en-gb", "fr": "fr-fr"}
VIDEO_SIZE, FPS = (640, 360), 2


def slide(title: str, text: str, index: int) -> Image.Image:
    image, d = canvas(VIDEO_SIZE)
    d.rectangle((0, 0, 640, 90), fill=BRAND if index else DARK)
    centred(d, (320, 45), title, 34, "white", True)
    d.rectangle((0, 90, 640, 98), fill=ACCENT)
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if d.textlength(trial, font=font(24)) > 580:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    for n, text_line in enumerate(lines):
        d.text((30, 130 + n * 36), text_line, font=font(24), fill=INK)
    return image


def narrate(text: str, lang: str, path: Path) -> float:
    subprocess.run(  # noqa: S603 - a fixed tool, our own text
        ["espeak-ng", "-v", VOICES[lang], "-s", "150", "-w", str(path), text],  # noqa: S607
        check=True,
    )
    with wave.open(str(path)) as handle:
        return handle.getnframes() / handle.getframerate()


def timestamp(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def make_video(lang: str, name: str = "move-away-hide-alert") -> None:
    import imageio_ffmpeg

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cues, inputs, filters, start = [], [], [], 0.0
        for index, (title, text) in enumerate(SLIDES[lang]):
            audio = tmp / f"{index}.wav"
            spoken = narrate(text, lang, audio)
            length = round(spoken + 0.8, 1)
            png = tmp / f"{index}.png"
            frame = slide(title, text, index)
            frame.save(png)
            if index == 0:
                frame.convert("RGB").save(OUT / f"{name}-poster.{lang}.webp", quality=80)
            inputs += ["-loop", "1", "-framerate", str(FPS), "-t", str(length), "-i", str(png)]
            inputs += ["-i", str(audio)]
            filters.append(f"[{2 * index + 1}:a]apad=whole_dur={length}[a{index}]")
            cues.append((start, start + spoken, text))
            start += length
        n = len(SLIDES[lang])
        chain = "".join(f"[{2 * i}:v][a{i}]" for i in range(n))
        graph = ";".join(filters) + f";{chain}concat=n={n}:v=1:a=1[v][a]"
        subprocess.run(  # noqa: S603 - the ffmpeg binary of imageio-ffmpeg
            [
                ffmpeg,
                "-y",
                "-loglevel",
                "error",
                *inputs,
                "-filter_complex",
                graph,
                "-map",
                "[v]",
                "-map",
                "[a]",
                "-c:v",
                "libx264",
                "-preset",
                "veryslow",
                "-tune",
                "stillimage",
                "-crf",
                "30",
                "-pix_fmt",
                "yuv420p",
                "-r",
                str(FPS),
                "-c:a",
                "aac",
                "-b:a",
                "32k",
                "-ac",
                "1",
                "-ar",
                "22050",
                "-movflags",
                "+faststart",
                str(OUT / f"{name}.{lang}.mp4"),
            ],
            check=True,
        )
    lines = ["WEBVTT", ""]
    for number, (begin, end, text) in enumerate(cues, start=1):
        lines += [str(number), f"{timestamp(begin)} --> {timestamp(end)}", text, ""]
    (OUT / f"{name}.{lang}.vtt").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for lang, labels in LABELS.items():
        for name, draw in DIAGRAMS.items():
            buffer = io.BytesIO()
            draw(labels).save(buffer, "WEBP", quality=78, method=6)
            (OUT / f"{name}.{lang}.webp").write_bytes(buffer.getvalue())
        make_video(lang)
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>8}  {path.name}")


if __name__ == "__main__":
    main()
