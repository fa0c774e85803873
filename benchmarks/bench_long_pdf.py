"""Peak memory of ``scopegap extract`` on a 2,000-page SOC 2 report (target: under 400 MB).

    python benchmarks/bench_long_pdf.py [--pages 2000] [--keep FILE]

Generates the report deterministically with fpdf2 (a SOC 2 Type 2 front section, then page
after page of dense control tests, the bulk of a bundled report with appendices), runs the
installed ``scopegap extract`` on it in a child process, and prints the child's peak RSS
(``ru_maxrss`` from ``os.wait4``) and wall time. Every name and sentence here is invented.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

TARGET_MIB = 400
FRONT = [
    "SOC 2 Type 2 Report",
    "Report on Quillmere Data Services Ltd's Description of Its Contact Centre Platform and on "
    "the Suitability of the Design and Operating Effectiveness of Its Controls Relevant to "
    "Security and Availability",
    "For the period January 1, 2025 to December 31, 2025",
    "Section 1: Independent Service Auditor's Report",
    "To the management of Quillmere Data Services Ltd. Scope: We have examined Quillmere Data "
    "Services Ltd's accompanying description of its contact centre platform system titled "
    "Description of the Contact Centre Platform System throughout the period January 1, 2025 "
    "to December 31, 2025 based on the criteria for a description of a service organization's "
    "system. In our opinion, in all material respects, the description presents the system "
    "that was designed and implemented throughout the period, and the controls stated in the "
    "description were suitably designed and operated effectively.",
    "Harlow & Venn LLP, Certified Public Accountants, March 14, 2026",
]
CRITERIA = ["CC1.1", "CC2.1", "CC3.2", "CC4.1", "CC5.2", "CC6.1", "CC6.2", "CC6.3", "CC6.6",
            "CC6.7", "CC7.1", "CC7.2", "CC7.3", "CC8.1", "CC9.2", "A1.2"]
TESTS = [
    "Inspected the access provisioning tickets for a sample of new hires to determine that "
    "access was approved by the employee's manager prior to being granted.",
    "Inquired of the security manager and inspected the firewall rule set to determine that "
    "inbound traffic is restricted to approved ports and source addresses.",
    "Observed the backup job configuration and inspected restore test evidence for a sample "
    "of quarters to determine that backups are performed daily and restores tested.",
    "Inspected the change tickets for a sample of production changes to determine that each "
    "change was tested, peer reviewed and approved before deployment.",
    "Reperformed the quarterly user access review for a sample of quarters to determine that "
    "inappropriate access was identified and removed in a timely manner.",
]


def generate(pages: int, target: Path) -> None:
    """A deterministic report of ``pages`` pages: fixed dates, text chosen by page number."""
    pdf = FPDF()
    pdf.set_creation_date(datetime(2026, 1, 5, tzinfo=UTC))
    pdf.set_producer("scopegap benchmark (fpdf2)")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=9)
    pdf.add_page()
    for paragraph in FRONT:
        pdf.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    for number in range(2, pages + 1):
        pdf.add_page()
        lines = [f"Section 4: Trust Services Criteria, Related Controls and Tests of Controls "
                 f"(page {number})", ""]
        for row in range(9):
            index = number * 9 + row
            lines += textwrap.wrap(
                f"{CRITERIA[index % len(CRITERIA)]}.{index % 7 + 1} Control: the entity "
                f"restricts and reviews logical access (control {index}). Test performed: "
                f"{TESTS[index % len(TESTS)]} Result: No exceptions noted.", 105)
            lines.append("")
        for offset, line in enumerate(lines):  # text() per line: multi_cell is 20x slower
            pdf.text(12, 15 + 4.4 * offset, line)
    pdf.output(str(target))


def measure(path: Path) -> tuple[float, float, int]:
    """(peak RSS MiB, seconds, exit code) of ``scopegap extract`` on ``path``."""
    exe = Path(sys.executable).with_name("scopegap")
    command = [str(exe) if exe.exists() else "scopegap", "extract", str(path),
               "--format", "json", "--as-of", "2026-01-01", "--fail-on", "never", "--no-cache"]
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.stderr is not None:
        sys.stderr.write(child.stderr.read().decode(errors="replace"))
    return usage.ru_maxrss / 1024, seconds, child.returncode  # ru_maxrss is KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="write the generated PDF here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        target = args.keep or Path(folder) / "long-soc2.pdf"
        started = time.monotonic()
        generate(args.pages, target)
        print(f"generated {args.pages} pages ({target.stat().st_size / 2**20:.1f} MiB) in "
              f"{time.monotonic() - started:.0f} s")
        peak, seconds, code = measure(target)
    print(f"scopegap extract: exit {code}, {seconds:.1f} s, peak RSS {peak:.0f} MiB "
          f"(target < {TARGET_MIB} MiB)")
    return 0 if code in (0, 1) and peak < TARGET_MIB else 1


if __name__ == "__main__":
    sys.exit(main())
