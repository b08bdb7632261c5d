"""Generate German tech-policy news documents for the corpus benchmarks.

Each document combines sentence templates (bans, restrictions, exceptions,
corrections, reactions, dates) filled with varied issuers, products, places
and people, so the pipeline meets realistic clause and entity density. The
output is deterministic for a given seed.

    python benchmarks/corpus_gen.py OUT_DIR [-n 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ISSUERS = [
    "Microsoft", "OpenAI", "Google", "die EU-Kommission", "das Bundesinnenministerium", "die Stadt Hamburg",
    "Meta", "Amazon", "die Datenschutzbehörde", "Apple", "die Landesregierung Bayern", "IBM", "TikTok",
    "der Bundestag", "die französische CNIL", "Clearview AI", "Axon", "Palantir",
]
PRODUCTS = [
    "Azure OpenAI Service", "Rekognition", "Gemini", "ChatGPT", "Copilot", "Llama 3", "GPT-4", "DALL-E",
    "Face ID", "Bard", "Watson", "Vision Pro", "Gotham", "Claude", "Midjourney",
]
TECH = [
    "Gesichtserkennung", "Echtzeit-Gesichtserkennung", "biometrische Überwachung", "Emotionserkennung",
    "automatisierte Kennzeichenerfassung", "Deepfake-Werbung", "generative KI", "Predictive Policing",
]
ACTORS = [
    "Polizeibehörden", "Strafverfolgungsbehörden", "Behörden", "Mitarbeitende", "Grenzschutzbehörden",
    "Sicherheitsdienste", "Schulen", "Arbeitgeber", "politische Parteien", "Werbetreibende",
]
DEVICES = ["Körperkameras", "Dashcams", "Drohnen", "Diensthandys", "Überwachungskameras", "Smartphones"]
PLACES = [
    "den USA", "Deutschland", "Frankreich", "Österreich", "der Schweiz", "Kalifornien", "der EU", "Italien",
    "Spanien", "Kanada", "Großbritannien", "den Niederlanden", "Polen", "Japan",
]
CITIES = ["Berlin", "München", "Wien", "Zürich", "Paris", "Brüssel", "San Francisco", "Köln", "Hamburg", "Lyon"]
FIRST = ["Anna", "Jonas", "Candice", "Miriam", "Tobias", "Sophie", "Lukas", "Fatma", "Elena", "Paul", "Ines", "Karim"]
LAST = ["Ling", "Schneider", "Becker", "Yilmaz", "Novak", "Fischer", "Wagner", "Moreau", "Kowalski", "Rossi"]
ROLES = ["Sprecherin", "Sprecher", "Vizepräsidentin", "Datenschutzbeauftragter", "Ministerin", "Analyst"]
MEDIA = ["Bloomberg", "The Intercept", "Reuters", "heise online", "Der Spiegel", "netzpolitik.org", "TechCrunch"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]

HEADLINES = [
    "{Issuer} verbietet {actors} die Nutzung von {tech}",
    "{Issuer} schränkt {product} für {actors} ein",
    "Neue Regeln: {tech} in {place} vorerst gestoppt",
]
BANS = [
    "{Issuer} hat {actors} in {place} die Nutzung von {product} für {tech} untersagt.",
    "Laut den neuen Nutzungsbedingungen dürfen {actors} {product} nicht für {tech} verwenden.",
    "Der Einsatz von {tech} mit {devices} ist {actors} ab sofort verboten.",
    "{Issuer} verbietet {actors} weltweit den Einsatz von {tech} auf {devices}.",
    "Am {weekday} kündigte {issuer} ein Moratorium für {tech} an.",
    "Seit dem {day}. {month} gilt ein Verbot von {tech} für {actors} in {place}.",
]
EXCEPTIONS = [
    "Das Verbot gilt nur für {actors} in {place}, nicht international.",
    "Ausgenommen sind stationäre Kameras in kontrollierten Umgebungen.",
    "Die Regel deckt {devices} nicht ab, es sei denn, sie werden in Echtzeit ausgewertet.",
    "Mit Ausnahme von {place} bleibt die Nutzung von {product} erlaubt.",
    "Für Forschungszwecke gibt es weiterhin Spielraum, außer bei {tech}.",
]
CONTEXT = [
    "{Name}, {role} bei {issuer}, sagte gegenüber {media}, man nehme die Bedenken ernst.",
    "Wie {media} am {weekday} berichtete, war die Änderung zunächst unbemerkt geblieben.",
    "Kritiker bemängeln seit Jahren, dass {tech} zu Fehlidentifizierungen führt.",
    "Es ist unklar, ob {issuer} die Regel auch für {product} durchsetzen wird.",
    "Bei Verstößen droht ein Bußgeld von bis zu {amount} Millionen Euro.",
    "Im {month} hatte {issuer} bereits die Zusammenarbeit mit {issuer2} eingeschränkt.",
    "Die Behörde in {city} prüft den Fall seit dem {day}.{mnum}.{year}.",
    "{Issuer2} wollte sich auf Anfrage nicht äußern.",
    "Eine Woche nachdem die Regel bekannt wurde, meldeten sich {actors} aus {place} zu Wort.",
]
UPDATES = [
    "Update: Nach der Veröffentlichung stellte {issuer} klar, dass das Verbot tatsächlich nur {actors} in {place} betrifft.",
    "Korrektur: Eine frühere Version dieses Artikels enthielt einen Fehler; die Regel gilt nicht weltweit.",
    "Nachtrag: Das Verbot für {devices} wurde am {day}. {month} wieder aufgehoben.",
]


def _fill(template: str, rng: random.Random) -> str:
    issuer, issuer2 = rng.sample(ISSUERS, 2)
    values = {
        "issuer": issuer,
        "Issuer": issuer[:1].upper() + issuer[1:],
        "issuer2": issuer2,
        "Issuer2": issuer2[:1].upper() + issuer2[1:],
        "product": rng.choice(PRODUCTS),
        "tech": rng.choice(TECH),
        "actors": rng.choice(ACTORS),
        "devices": rng.choice(DEVICES),
        "place": rng.choice(PLACES),
        "city": rng.choice(CITIES),
        "Name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "role": rng.choice(ROLES),
        "media": rng.choice(MEDIA),
        "month": rng.choice(MONTHS),
        "weekday": rng.choice(WEEKDAYS),
        "day": str(rng.randint(1, 28)),
        "mnum": f"{rng.randint(1, 12):02d}",
        "year": str(rng.randint(2015, 2025)),
        "amount": str(rng.randint(1, 40)),
    }
    return template.format(**values)


def document(rng: random.Random, *, paragraphs: int = 4) -> str:
    """One news-like German document (headline, paragraphs, maybe an update)."""
    parts = [_fill(rng.choice(HEADLINES), rng), ""]
    for p in range(paragraphs):
        sentences = [_fill(rng.choice(BANS if p == 0 else BANS + CONTEXT), rng)]
        sentences += [_fill(rng.choice(CONTEXT + EXCEPTIONS), rng) for _ in range(rng.randint(2, 4))]
        parts += [" ".join(sentences), ""]
    if rng.random() < 0.4:
        parts += [_fill(rng.choice(UPDATES), rng), ""]
    return "\n".join(parts)


def documents(n: int, *, seed: int = 1, paragraphs: int = 4) -> list[str]:
    rng = random.Random(seed)
    return [document(rng, paragraphs=paragraphs) for _ in range(n)]


def unpunctuated(words: int, *, seed: int = 3) -> str:
    """Generated text with every sentence mark and line break removed: one endless sentence."""
    text = " ".join(documents(max(1, words // 150 + 1), seed=seed))
    return " ".join(text.translate(str.maketrans("\n", " ", ".!?;:")).split()[:words])


def long_token(chars: int) -> str:
    """One capitalised run of letters (a pasted hash, a broken export)."""
    return "A" + "b" * (chars - 1)


def write_corpus(directory: Path, n: int, *, seed: int = 1) -> list[Path]:
    """Write ``n`` documents as ``doc00000.txt`` ... into ``directory``; RETURNS the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        path = directory / f"doc{i:05d}.txt"
        path.write_text(document(rng), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    paths = write_corpus(args.out_dir, args.n, seed=args.seed)
    print(f"wrote {len(paths)} documents to {args.out_dir}")


if __name__ == "__main__":
    main()
