"""A deterministic MSP knowledge base for benchmarks: N articles in Markdown, HTML and plain text.

The same seed and count always give the same files. Titles, steps and prose use the vocabulary of
an MSP's help desk (tickets, checklists, Autotask, IT Glue, Datto RMM, Microsoft 365), with client
names, device names and ticket numbers so the vocabulary grows with the corpus as a real one does.

    python bench/corpus.py DIR --count 10000
"""

from __future__ import annotations

import argparse
import html
import random
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


@dataclass
class Article:
    """One generated article before it is written in a format."""

    title: str
    category: str
    tags: list[str]
    aliases: list[str]
    intro: list[str]
    steps: list[tuple[str, list[str]]]
    notes: list[str] = field(default_factory=list)


def generate(root: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` articles under root/articles and a kb/kbpilot.toml; return the files."""
    rng = random.Random(seed)
    articles_dir = root / "articles"
    articles_dir.mkdir(parents=True, exist_ok=True)
    (root / "kb").mkdir(exist_ok=True)
    settings = ['[kb]\nname = "Benchmark KB"\n']
    written = []
    for n in range(count):
        article = _article(rng, n)
        slug = f"kb{n:05d}"
        kind = rng.random()
        if kind < 0.5:
            path = articles_dir / f"{slug}.md"
            path.write_text(_markdown(article), encoding="utf-8")
        elif kind < 0.8:
            path = articles_dir / f"{slug}.html"
            path.write_text(_html(article), encoding="utf-8")
        else:
            path = articles_dir / f"{slug}.txt"
            path.write_text(_text(article), encoding="utf-8")
            if article.aliases:
                settings.append(_settings_entry(article))
        written.append(path)
    (root / "kb" / "kbpilot.toml").write_text("\n".join(settings), encoding="utf-8")
    return written


def _article(rng: random.Random, n: int) -> Article:
    category = rng.choice(list(CATEGORIES))
    task = rng.choice(TASKS[category])
    client = rng.choice(CLIENTS)
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
    steps = []
    for text in rng.sample(STEPS, rng.randint(4, 9)):
        children = rng.sample(SUBSTEPS, rng.randint(1, 3)) if rng.random() < 0.2 else []
        steps.append((text.format(**values), children))
    intro = [s.format(**values) for s in rng.sample(SENTENCES, rng.randint(2, 5))]
    notes = [s.format(**values) for s in rng.sample(SENTENCES, rng.randint(1, 3))]
    aliases = [f"{task.lower()} {client.lower()}"] if rng.random() < 0.3 else []
    return Article(
        title=f"{task} for {client} ({n})",
        category=category,
        tags=list(CATEGORIES[category]),
        aliases=aliases,
        intro=intro,
        steps=steps,
        notes=notes,
    )


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
        *(f"{p}\n" for p in article.intro),
        "## Procedure",
        "",
    ]
    for n, (text, children) in enumerate(article.steps, 1):
        lines.append(f"{n}. {_emphasis(text)}")
        lines.extend(f"   {m}. {child}" for m, child in enumerate(children, 1))
    lines += ["", "## Notes", "", *(f"- {note}" for note in article.notes), ""]
    return "\n".join(lines)


def _emphasis(text: str) -> str:
    """Bold the product names, as KB editors do (the analyzer must not index the asterisks)."""
    for name in ("Datto RMM", "IT Glue", "Autotask", "Microsoft 365"):
        text = text.replace(name, f"**{name}**")
    return text


def _html(article: Article) -> str:
    def esc(text: str) -> str:
        return html.escape(text, quote=True)

    steps = []
    for text, children in article.steps:
        inner = "".join(f"<li>{esc(child)}</li>" for child in children)
        nested = f"<ol>{inner}</ol>" if children else ""
        steps.append(f"<li><span>{esc(text)}</span>{nested}</li>")
    return (
        "<!DOCTYPE html>\n<html><head>"
        f"<title>{esc(article.title)}</title>"
        f'<meta name="category" content="{esc(article.category)}">'
        f'<meta name="keywords" content="{esc(", ".join(article.tags))}">'
        f'<meta name="aliases" content="{esc(", ".join(article.aliases))}">'
        '</head><body><div class="article">'
        f"<h1>{esc(article.title)}</h1>"
        + "".join(f"<p>{esc(p)}</p>" for p in article.intro)
        + "<h2>Procedure</h2><ol>"
        + "".join(steps)
        + "</ol><h2>Notes</h2><ul>"
        + "".join(f"<li>{esc(note)}</li>" for note in article.notes)
        + "</ul></div></body></html>\n"
    )


def _text(article: Article) -> str:
    lines = [article.title, "", article.title, "", *article.intro, ""]
    for n, (text, children) in enumerate(article.steps, 1):
        lines.append(f"  {n}. {text}")
        lines.extend(f"    {m}. {child}" for m, child in enumerate(children, 1))
    lines += ["", *article.notes, ""]
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
    print(f"{len(files)} articles under {args.root / 'articles'}")


if __name__ == "__main__":
    main()
