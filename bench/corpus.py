"""A deterministic MSP knowledge base for benchmarks: N articles in Markdown, HTML and plain text.

The same seed and count always give the same files. Articles are as large as real KB articles:
each file's size is drawn from a log-normal distribution with the median (4.5 KB) and 90th
percentile (10 KB) measured on real help-desk pages, admin docs and runbooks, capped at 20 KB;
half are Markdown, 30% HTML, 20% plain text. An article is an introduction, one or two procedures
(numbered steps, some nested), and sections of prose, commands and tables. Titles, steps and prose
use the vocabulary of an MSP's help desk (tickets, checklists, Autotask, IT Glue, Datto RMM,
Microsoft 365); sentences are put together from parts, and each article names products, hosts,
error codes and people, new ones ever rarer as the corpus grows (Heaps' law: the vocabulary grows
with the square root of the corpus), as a real KB's does.

    python bench/corpus.py DIR --count 10000
"""

from __future__ import annotations

import argparse
import html
import math
import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CATEGORIES = {
    "Offboarding": ["offboarding", "autotask", "itglue"],
    "Onboarding": ["onboarding", "intake", "autotask"],
    "Monitoring": ["datto-rmm", "alerts"],
    "Security": ["security", "incident-response", "m365"],
    "Microsoft 365": ["m365", "licensing", "exchange"],
    "Backup": ["backup", "datto-bcdr"],
    "Networking": ["network", "firewall", "vpn"],
    "Autotask": ["autotask", "workflow-rules"],
    "IT Glue": ["itglue", "documentation"],
    "Hardware": ["hardware", "procurement"],
}
CLIENTS = [
    "Contoso",
    "Northwind",
    "Fabrikam",
    "Tailspin",
    "Adventure Works",
    "Litware",
    "Proseware",
    "Wide World Importers",
    "Coho Winery",
    "Alpine Ski House",
    "Blue Yonder",
    "Lucerne Publishing",
    "Margie's Travel",
    "Trey Research",
    "Woodgrove Bank",
    "Graphic Design Institute",
    "Humongous Insurance",
    "Fourth Coffee",
    "Wingtip Toys",
    "City Power & Light",
]
TASKS = {
    "Offboarding": [
        "Offboarding a Customer",
        "Offboarding a User",
        "Removing Agents at Termination",
        "Sending the Runbook Export",
        "Closing the Managed Services Contract",
    ],
    "Onboarding": [
        "New Client Intake",
        "Onboarding a New User",
        "Kickoff Call Preparation",
        "Documenting a New Site",
        "Deploying Agents to a New Client",
    ],
    "Monitoring": [
        "Workstation Offline Alert",
        "Low Disk Space Alert",
        "Server Reboot Pending",
        "Patch Failure Triage",
        "Antivirus Definition Out of Date",
    ],
    "Security": [
        "Incident Response for Ransomware",
        "Compromised Mailbox",
        "Phishing Report Triage",
        "MFA Reset Request",
        "Suspicious Sign-in Review",
    ],
    "Microsoft 365": [
        "Assigning a Licence",
        "Shared Mailbox Setup",
        "Password Reset",
        "Teams Phone Number",
        "Conditional Access Exception",
    ],
    "Backup": [
        "Backup Failure Ticket",
        "Restore a File",
        "BCDR Screenshot Verification",
        "Offsite Sync Behind",
    ],
    "Networking": [
        "VPN Connection Issues",
        "Firewall Firmware Update",
        "New Wireless Network",
        "ISP Outage Escalation",
    ],
    "Autotask": [
        "Workflow Rules",
        "Ticket Categories",
        "Checklist Library Maintenance",
        "Time Entry Corrections",
        "Contract Renewal",
    ],
    "IT Glue": [
        "Password Rotation",
        "Flexible Asset Review",
        "Runbook Export",
        "Configuration Sync",
    ],
    "Hardware": [
        "Laptop Procurement",
        "Warranty Claim",
        "Printer Replacement",
        "Docking Station Setup",
    ],
}
STEPS = [
    "Create a new ticket",
    'Select "{category}" as the ticket category',
    'From the checklist library, choose "[{tag}] {task}"',
    "Fill in required information",
    "If applicable: Send scheduling link to ticket contact for a remote appointment with Matthew",
    "Open the alert ticket in Autotask and note the device name {device}",
    "Look the device up in Datto RMM and confirm the last check-in time",
    "Contact the device's last logged-on user by phone or e-mail",
    "Find the customer's organization in IT Glue",
    "Send the customer their runbook from IT Glue",
    "Add a note to the ticket with the export link and the date it was sent",
    "Reset the user's password in the Microsoft 365 admin center",
    "Assign a Microsoft 365 Business Premium licence to the user",
    "Block sign-in for the account and revoke all sessions",
    "Check the backup job history in the Datto BCDR portal",
    "Update the configuration in IT Glue with the new serial number",
    "Set the ticket status to Waiting Customer and note ticket {ticket}",
    "Escalate to the Incident Lead if the alert repeats within 24 hours",
    "Remove the Datto RMM agent and the antivirus agent from {device}",
    "Confirm with the primary contact at {client} that the change is complete",
    "Attach the signed proposal to the opportunity in Autotask",
    "Review the firewall rules and disable any that are no longer needed",
    "Rotate the shared passwords stored in IT Glue for {client}",
    "Close the ticket with a resolution note",
]
SUBSTEPS = [
    "Compare the configurations with the devices in Datto RMM",
    "Archive any configuration that is retired",
    "Check the Microsoft 365 flexible asset for stale entries",
    "Record the time spent on the ticket",
    "Ask the ticket contact to confirm by e-mail",
]
SENTENCES = [
    "This article explains how we handle {task_lower} for managed services customers.",
    "Work this procedure from the ticket that {system} opened, and keep every note on it.",
    "Technicians must not close the ticket until the customer at {client} has confirmed.",
    "If the device {device} is still offline after 21 days, escalate to the account manager.",
    "Passwords are shared through a secure, time-limited link and never in plain e-mail.",
    "Datto RMM raises the alert automatically; Autotask turns it into a ticket in the "
    "Monitoring queue.",
    "The IT Glue runbook export is a password-protected zip that covers one organization only.",
    "Microsoft 365 licences are billed monthly, so remove unused ones before the invoice run.",
    "For ransomware or any suspected breach, follow the incident response plan instead.",
    "Checklists come from the Autotask checklist library; never type the items by hand.",
    "Quote ticket {ticket} in any reply so that the whole history stays in one place.",
    "The primary contact at {client} approves changes; the billing contact receives invoices.",
]


# Sentences are put together from these parts, so no two articles read alike.
OPENERS = [
    "Before you start,",
    "As a rule,",
    "When the customer asks,",
    "During business hours,",
    "After the maintenance window,",
    "If the ticket is urgent,",
    "For a new site,",
    "On a shared workstation,",
    "Once a quarter,",
    "For every managed device,",
]
ACTORS = [
    "the technician",
    "the on-call engineer",
    "the service desk",
    "the account manager",
    "the dispatcher",
    "the project lead",
    "the escalation engineer",
    "the primary contact",
]
VERBS = [
    "checks",
    "documents",
    "reviews",
    "updates",
    "confirms",
    "exports",
    "archives",
    "schedules",
    "tests",
    "records",
    "disables",
    "replaces",
    "restores",
    "verifies",
]
OBJECTS = [
    "the backup schedule",
    "the firewall policy",
    "the licence assignment",
    "the mailbox permissions",
    "the warranty status",
    "the patch baseline",
    "the DNS records",
    "the VPN profile",
    "the admin credentials",
    "the asset tag",
    "the group membership",
    "the retention policy",
    "the printer queue",
    "the endpoint protection policy",
    "the shared drive mapping",
    "the conditional access rule",
]
PLACES = [
    "in IT Glue",
    "in the Autotask ticket",
    "in Datto RMM",
    "in the Microsoft 365 admin center",
    "on the client portal",
    "in the customer's runbook",
    "in the change log",
    "on the device itself",
]
REASONS = [
    "so that the next technician sees the same history",
    "because the customer is billed for it",
    "to keep the audit trail complete",
    "before the invoice run",
    "so the alert does not fire again",
    "as the contract requires",
    "to avoid a second visit",
    "unless the customer declined it in writing",
]
# Words of the rarer kind every real KB is full of: products, hosts, error codes, people.
SYLLABLES = [
    "al", "ar", "bel", "cor", "dex", "dra", "fen", "gar", "hol", "ix", "jun", "kel", "lor",
    "mar", "nex", "ob", "pol", "quin", "ra", "sol", "tav", "ul", "ven", "wex", "yor", "zan",
]  # fmt: skip
HEADINGS = [
    "Overview",
    "Before you start",
    "Scope",
    "Troubleshooting",
    "Verification",
    "Rollback",
    "Known issues",
    "Background",
    "Escalation",
    "Billing",
]
COMMANDS = [
    "Get-Service -Name {product}Agent | Restart-Service",
    "Test-NetConnection {host} -Port 443",
    "Get-MsolUser -UserPrincipalName {person}@{domain}",
    'Set-Mailbox -Identity "{person}" -Type Shared',
    "ipconfig /flushdns",
    "gpupdate /force",
    "nslookup {host}.{domain}",
    'msiexec /x {{{code}}} /qn /l*v "C:\\\\Temp\\\\{product}.log"',
    "Get-WinEvent -LogName System -MaxEvents 50",
]
MEDIAN_BYTES = 4500
P90_BYTES = 10_000
MAX_BYTES = 20_000
MIN_BYTES = 900
SIGMA = math.log(P90_BYTES / MEDIAN_BYTES) / 1.2816  # 1.2816: the normal's 90th percentile
RARE_PER_ARTICLE = 12
NEW_WORD_RATE = 12.0


@dataclass
class Article:
    """One generated article before it is written in a format: its metadata and blocks, each
    block a kind (h2, p, ol, ul, code, table) and its content."""

    title: str
    category: str
    tags: list[str]
    aliases: list[str]
    blocks: list[tuple[str, object]] = field(default_factory=list)


class RareWords:
    """Products, hosts, error codes and people: each draw is a new word with a probability that
    falls as 1/sqrt(articles so far), else an earlier one (recent and frequent ones likelier)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pool: dict[str, list[str]] = {"product": [], "host": [], "code": [], "person": []}

    def draw(self, kind: str, article: int) -> str:
        pool = self.pool[kind]
        if not pool or self.rng.random() < min(1.0, NEW_WORD_RATE / math.sqrt(article + 1)):
            pool.append(self._new(kind))
            return pool[-1]
        return pool[int(len(pool) * self.rng.random() ** 2)]

    def _new(self, kind: str) -> str:
        rng = self.rng
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if kind == "product":
            return word.capitalize()
        if kind == "host":
            role = rng.choice(["srv", "dc", "fs", "ws", "fw", "nas"])
            return f"{role}-{word}{rng.randint(1, 99):02d}"
        if kind == "code":
            return f"0x{rng.randint(0x80000000, 0x8FFFFFFF):08X}"
        return f"{word[0]}.{word[1:]}"


def generate(root: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` articles under root/articles and a kb/kbpilot.toml; return the files."""
    rng = random.Random(seed)
    rare = RareWords(rng)
    articles_dir = root / "articles"
    articles_dir.mkdir(parents=True, exist_ok=True)
    (root / "kb").mkdir(exist_ok=True)
    settings = ['[kb]\nname = "Benchmark KB"\n']
    written = []
    for n in range(count):
        slug = f"kb{n:05d}"
        kind = rng.random()
        suffix, render = (
            (".md", _markdown)
            if kind < 0.5
            else (".html", _html)
            if kind < 0.8
            else (".txt", _text)
        )
        article = _article(rng, rare, n, _size(rng), render)
        path = articles_dir / f"{slug}{suffix}"
        path.write_text(render(article), encoding="utf-8")
        if suffix == ".txt" and article.aliases:
            settings.append(_settings_entry(article))
        written.append(path)
    (root / "kb" / "kbpilot.toml").write_text("\n".join(settings), encoding="utf-8")
    return written


def size_summary(paths: list[Path]) -> str:
    """The files' sizes as a real KB's are described: min, median, p90, max (KB)."""
    sizes = sorted(path.stat().st_size for path in paths)
    if not sizes:
        return "no articles"
    p90 = sizes[min(len(sizes) - 1, round(0.9 * (len(sizes) - 1)))]
    return (
        f"{len(sizes)} articles, {sum(sizes) / 1e6:.1f} MB; size min {sizes[0] / 1000:.1f} KB, "
        f"median {statistics.median(sizes) / 1000:.1f} KB, p90 {p90 / 1000:.1f} KB, "
        f"max {sizes[-1] / 1000:.1f} KB"
    )


def _size(rng: random.Random) -> int:
    """A file size in bytes, drawn from the real articles' distribution."""
    while True:
        size = int(rng.lognormvariate(math.log(MEDIAN_BYTES), SIGMA))
        if MIN_BYTES <= size <= MAX_BYTES:
            return size


def _article(
    rng: random.Random, rare: RareWords, n: int, size: int, render: Callable[[Article], str]
) -> Article:
    """An article whose rendering is about `size` bytes: an introduction and a procedure first,
    then sections while they bring it nearer that size (never past MAX_BYTES)."""
    category = rng.choice(list(CATEGORIES))
    task = rng.choice(TASKS[category])
    client = rng.choice(CLIENTS)
    product = rare.draw("product", n)
    values = {
        "category": rng.choice(["Administrative Change/Request", "Alert", "Service Request"]),
        "tag": category.upper(),
        "task": task,
        "task_lower": task.lower(),
        "client": client,
        "device": f"WS-{client.split()[0].upper()[:5]}-{rng.randint(1, 999):03d}",
        "ticket": _ticket_number(rng),
        "system": rng.choice(["Datto RMM", "Autotask", "the client portal"]),
    }
    aliases = [f"{task.lower()} {client.lower()}"] if rng.random() < 0.3 else []
    article = Article(
        title=f"{task} for {client} ({n})",
        category=category,
        tags=list(CATEGORIES[category]),
        aliases=aliases,
    )

    def sentence() -> str:
        if rng.random() < 0.35:
            return rng.choice(SENTENCES).format(**values)
        return _sentence(rng, rare, n, product)

    def paragraph() -> str:
        return " ".join(sentence() for _ in range(rng.randint(2, 6)))

    def procedure() -> list[tuple[str, list[str]]]:
        steps = []
        for text in rng.sample(STEPS, rng.randint(4, 12)):
            children = rng.sample(SUBSTEPS, rng.randint(1, 3)) if rng.random() < 0.2 else []
            if rng.random() < 0.3:
                text = f"{text.format(**values)}. {sentence()}"
            steps.append((text.format(**values), children))
        return steps

    article.blocks += [("p", paragraph()) for _ in range(rng.randint(1, 3))]
    article.blocks += [("h2", "Procedure"), ("ol", procedure())]
    sections = rng.sample(HEADINGS, len(HEADINGS))
    length = len(render(article))
    while length < size:
        section = sections.pop() if sections else f"{rng.choice(HEADINGS)} ({product})"
        added: list[tuple[str, object]] = [("h2", section)]
        added += [("p", paragraph()) for _ in range(rng.randint(1, 3))]
        shape = rng.random()
        if shape < 0.25:
            added.append(("ol", procedure()))
        elif shape < 0.45:
            added.append(("ul", [sentence() for _ in range(rng.randint(2, 6))]))
        elif shape < 0.6:
            added.append(("code", _commands(rng, rare, n, product)))
        elif shape < 0.7:
            added.append(("table", _table(rng, rare, n)))
        article.blocks += added
        longer = len(render(article))
        # The section stays if it brings the size nearer the drawn one (no bias upwards).
        if longer > MAX_BYTES or longer - size > size - length:
            del article.blocks[-len(added) :]
            break
        length = longer
    return article


def _sentence(rng: random.Random, rare: RareWords, n: int, product: str) -> str:
    shape = rng.random()
    if shape < 0.6:
        return (
            f"{rng.choice(OPENERS)} {rng.choice(ACTORS)} {rng.choice(VERBS)} "
            f"{rng.choice(OBJECTS)} {rng.choice(PLACES)} {rng.choice(REASONS)}."
        )
    if shape < 0.75:
        return (
            f"The {product} agent on {rare.draw('host', n)} reports error {rare.draw('code', n)} "
            f"when {rng.choice(OBJECTS)} is out of date."
        )
    if shape < 0.9:
        return (
            f"Ask {rare.draw('person', n)} before changing {rng.choice(OBJECTS)} "
            f"{rng.choice(PLACES)}."
        )
    return (
        f"{rare.draw('product', n)} replaced {rare.draw('product', n)} on "
        f"{rare.draw('host', n)} and {rare.draw('host', n)}."
    )


def _commands(rng: random.Random, rare: RareWords, n: int, product: str) -> str:
    values = {
        "product": product,
        "host": rare.draw("host", n),
        "person": rare.draw("person", n),
        "domain": f"{rare.draw('product', n).lower()}.example",
        "code": rare.draw("code", n),
    }
    return "\n".join(line.format(**values) for line in rng.sample(COMMANDS, rng.randint(1, 4)))


def _table(rng: random.Random, rare: RareWords, n: int) -> list[list[str]]:
    rows = [["Device", "Owner", "Last error"]]
    for _ in range(rng.randint(2, 6)):
        rows.append([rare.draw("host", n), rare.draw("person", n), rare.draw("code", n)])
    return rows


def _ticket_number(rng: random.Random) -> str:
    """An Autotask ticket number: T, the date, a dot, a sequence."""
    month, day, sequence = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 9999)
    return f"T2024{month:02d}{day:02d}.{sequence:04d}"


def _markdown(article: Article) -> str:
    lines = [
        "---",
        f'title: "{article.title}"',
        f"category: {article.category}",
        f"tags: [{', '.join(article.tags)}]",
        f"aliases: [{_quoted(article.aliases)}]",
        "---",
        "",
    ]
    for kind, content in article.blocks:
        if kind == "h2":
            lines += [f"## {content}", ""]
        elif kind == "p":
            lines += [str(content), ""]
        elif kind == "ol":
            lines += _numbered(content, "", "   ", _emphasis)  # type: ignore[arg-type]
        elif kind == "ul":
            lines += [*(f"- {item}" for item in content), ""]  # type: ignore[attr-defined]
        elif kind == "code":
            lines += ["```powershell", str(content), "```", ""]
        elif kind == "table":
            rows: list[list[str]] = content  # type: ignore[assignment]
            lines.append(f"| {' | '.join(rows[0])} |")
            lines.append(f"|{'---|' * len(rows[0])}")
            lines += [f"| {' | '.join(row)} |" for row in rows[1:]]
            lines.append("")
    return "\n".join(lines)


def _numbered(
    steps: list[tuple[str, list[str]]],
    indent: str,
    child_indent: str,
    style: Callable[[str], str] = str,
) -> list[str]:
    """A numbered list with its numbered sub-steps, and the blank line after it."""
    lines = []
    for n, (text, children) in enumerate(steps, 1):
        lines.append(f"{indent}{n}. {style(text)}")
        lines.extend(f"{child_indent}{m}. {child}" for m, child in enumerate(children, 1))
    return [*lines, ""]


def _emphasis(text: str) -> str:
    """Bold the product names, as KB editors do (the analyzer must not index the asterisks)."""
    for name in ("Datto RMM", "IT Glue", "Autotask", "Microsoft 365"):
        text = text.replace(name, f"**{name}**")
    return text


def _html(article: Article) -> str:
    def esc(text: str) -> str:
        return html.escape(text, quote=True)

    body = []
    for kind, content in article.blocks:
        if kind == "h2":
            body.append(f"<h2>{esc(str(content))}</h2>")
        elif kind == "p":
            body.append(f"<p>{esc(str(content))}</p>")
        elif kind == "ol":
            steps = []
            for text, children in content:  # type: ignore[attr-defined]
                inner = "".join(f"<li>{esc(child)}</li>" for child in children)
                nested = f"<ol>{inner}</ol>" if children else ""
                steps.append(f"<li><span>{esc(text)}</span>{nested}</li>")
            body.append(f"<ol>{''.join(steps)}</ol>")
        elif kind == "ul":
            items = "".join(f"<li>{esc(item)}</li>" for item in content)  # type: ignore[attr-defined]
            body.append(f"<ul>{items}</ul>")
        elif kind == "code":
            body.append(f"<pre><code>{esc(str(content))}</code></pre>")
        elif kind == "table":
            rows: list[list[str]] = content  # type: ignore[assignment]
            head = "".join(f"<th>{esc(cell)}</th>" for cell in rows[0])
            cells = "".join(
                "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>"
                for row in rows[1:]
            )
            body.append(f"<table><tr>{head}</tr>{cells}</table>")
    return (
        "<!DOCTYPE html>\n<html><head>"
        f"<title>{esc(article.title)}</title>"
        f'<meta name="category" content="{esc(article.category)}">'
        f'<meta name="keywords" content="{esc(", ".join(article.tags))}">'
        f'<meta name="aliases" content="{esc(", ".join(article.aliases))}">'
        '</head><body><div class="article">'
        f"<h1>{esc(article.title)}</h1>\n" + "\n".join(body) + "\n</div></body></html>\n"
    )


def _text(article: Article) -> str:
    lines = [article.title, "", article.title, ""]
    for kind, content in article.blocks:
        if kind in ("h2", "p"):
            lines += [str(content), ""]
        elif kind == "ol":
            lines += _numbered(content, "  ", "    ")  # type: ignore[arg-type]
        elif kind == "ul":
            lines += [*(f"  * {item}" for item in content), ""]  # type: ignore[attr-defined]
        elif kind == "code":
            lines += [*(f"        {line}" for line in str(content).splitlines()), ""]
        elif kind == "table":
            rows: list[list[str]] = content  # type: ignore[assignment]
            lines += [*("   ".join(row) for row in rows), ""]
    return "\n".join(lines)


def _settings_entry(article: Article) -> str:
    from kbpilot.model import slugify

    return (
        f'[articles."{slugify(article.title)}"]\n'
        f'category = "{article.category}"\n'
        f"tags = [{_quoted(article.tags)}]\naliases = [{_quoted(article.aliases)}]\n"
    )


def _quoted(values: list[str]) -> str:
    """A TOML/YAML inline list body: "a", "b"."""
    return ", ".join(f'"{value}"' for value in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = generate(args.root, args.count, args.seed)
    print(size_summary(files))


if __name__ == "__main__":
    main()
