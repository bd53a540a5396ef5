"""Every ```mermaid block of generated/*/README.md really renders with Mermaid in headless Chromium.

The blocks of one README are rendered in one page by one Chromium start: the page loads the pinned
``tests/mermaid/node_modules/mermaid/dist/mermaid.min.js``, calls ``mermaid.parse`` then
``mermaid.render`` on each block and writes the results (SVG or error text) as JSON into the DOM,
which ``--dump-dom`` returns. Each rendered diagram is then screenshotted to
``tests/mermaid/out/<system>-<n>.png`` (not committed) for a person to look at.

``scripts/install_browser.sh`` installs Chromium and the npm packages. Without them the module is
skipped, except under CI (the CI environment variable set), where the tests fail instead.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
MERMAID_DIR = REPO / "tests" / "mermaid"
MERMAID_JS = MERMAID_DIR / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
OUT_DIR = MERMAID_DIR / "out"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_TIMEOUT_S = 180
MAX_PNG_SIDE = 8000  # larger diagrams are scaled down to fit

_MISSING = [str(p) for p in (CHROMIUM, MERMAID_JS) if not p.exists()]
if _MISSING and not os.environ.get("CI"):
    pytest.skip(f"missing {', '.join(_MISSING)}: run scripts/install_browser.sh",
                allow_module_level=True)


# --------------------------------------------------------------------------- markdown


_FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*mermaid\s*$")


def mermaid_blocks(markdown: str) -> list[str]:
    """The bodies of the fenced ```mermaid blocks of ``markdown``, in order."""
    blocks: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        fence = m.group("fence")
        close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        body: list[str] = []
        i += 1
        while i < len(lines) and not close.match(lines[i]):
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise ValueError(f"mermaid block {len(blocks) + 1} is not closed")
        blocks.append("\n".join(body))
        i += 1
    return blocks


# --------------------------------------------------------------------------- rendering


@dataclass
class Rendered:
    ok: bool
    svg: str = ""
    error: str = ""
    width: float = 0.0
    height: float = 0.0


_RENDER_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>mermaid check</title>
<script src="{mermaid_url}"></script></head>
<body>
<script type="application/json" id="blocks">{blocks_json}</script>
<pre id="result"></pre>
<script>
(async () => {{
  const out = document.getElementById("result");
  const results = [];
  try {{
    const blocks = JSON.parse(document.getElementById("blocks").textContent);
    mermaid.initialize({{
      startOnLoad: false, securityLevel: "strict", suppressErrorRendering: true,
      theme: "default", logLevel: "fatal",
    }});
    for (let i = 0; i < blocks.length; i++) {{
      try {{
        await mermaid.parse(blocks[i]);
        const {{ svg }} = await mermaid.render("mermaid-check-" + i, blocks[i]);
        const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
        const vb = (doc.documentElement.getAttribute("viewBox") || "").trim().split(/[\\s,]+/);
        results.push({{ ok: true, svg: svg,
                        width: Number(vb[2]) || 0, height: Number(vb[3]) || 0 }});
      }} catch (e) {{
        results.push({{ ok: false, error: String((e && (e.message || e.str)) || e) }});
      }}
    }}
    out.textContent = JSON.stringify({{ done: true, results: results }});
  }} catch (e) {{
    out.textContent = JSON.stringify({{ done: false, error: String((e && e.message) || e) }});
  }}
}})();
</script>
</body></html>
"""

_SHOW_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; background: #fff; }}
#d {{ padding: {pad}px; }}
#d > svg {{ display: block; max-width: none !important; width: {width}px; height: {height}px; }}
</style></head>
<body><div id="d">{svg}</div></body></html>
"""


def _run_chromium(args: list[str], workdir: Path) -> subprocess.CompletedProcess:
    missing = [str(p) for p in (CHROMIUM, MERMAID_JS) if not p.exists()]
    if missing:
        raise RuntimeError(f"missing {', '.join(missing)}: run scripts/install_browser.sh")
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    cmd = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    # Own process group, so a hung browser is killed with all its children.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, cwd=workdir)
    try:
        out, err = proc.communicate(timeout=CHROMIUM_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise RuntimeError(f"chromium timed out after {CHROMIUM_TIMEOUT_S}s; stderr:\n{err[-2000:]}")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def render_blocks(blocks: list[str]) -> list[Rendered]:
    """Parse and render each Mermaid source in one headless Chromium page."""
    if not blocks:
        return []
    with tempfile.TemporaryDirectory(prefix="mermaid-check-") as tmp:
        workdir = Path(tmp)
        page = workdir / "render.html"
        blocks_json = json.dumps(blocks).replace("<", "\\u003c")
        page.write_text(_RENDER_PAGE.format(mermaid_url=MERMAID_JS.as_uri(), blocks_json=blocks_json),
                        encoding="utf-8")
        proc = _run_chromium(["--virtual-time-budget=60000", "--dump-dom", page.as_uri()], workdir)
    m = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    payload = html.unescape(m.group(1)) if m else ""
    if not payload:
        raise RuntimeError(f"the mermaid page wrote no result (chromium exit {proc.returncode}); "
                           f"stderr:\n{proc.stderr[-2000:]}")
    data = json.loads(payload)
    if not data.get("done"):
        raise RuntimeError(f"the mermaid page failed: {data.get('error')}")
    results = [Rendered(**r) for r in data["results"]]
    assert len(results) == len(blocks)
    return results


def screenshot_svg(svg: str, width: float, height: float, png: Path) -> None:
    """Write a PNG of one rendered diagram at its natural size (scaled down past MAX_PNG_SIDE)."""
    pad = 16
    width, height = max(width, 1.0), max(height, 1.0)
    scale = min(1.0, (MAX_PNG_SIDE - 2 * pad) / width, (MAX_PNG_SIDE - 2 * pad) / height)
    w, h = round(width * scale), round(height * scale)
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="mermaid-shot-") as tmp:
        workdir = Path(tmp)
        page = workdir / "show.html"
        page.write_text(_SHOW_PAGE.format(pad=pad, width=w, height=h, svg=svg), encoding="utf-8")
        proc = _run_chromium([f"--screenshot={png}", f"--window-size={w + 2 * pad},{h + 2 * pad}",
                              "--hide-scrollbars", "--virtual-time-budget=2000", page.as_uri()],
                             workdir)
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot {png}; stderr:\n{proc.stderr[-2000:]}")


def _describe_failure(where: str, n: int, block: str, error: str) -> str:
    head = "\n".join(f"    {line}" for line in block.splitlines()[:8])
    return f"{where}: mermaid block {n} does not render:\n  {error.strip()}\n  block starts:\n{head}"


# --------------------------------------------------------------------------- tests


VALID_DIAGRAM = """erDiagram
    users ||--o{ tasks : "created_by"
    users {
        uuid id PK
        varchar_255 email UK
    }
    tasks {
        uuid id PK
        uuid created_by FK
        timestamp created_at
    }
"""

# ``|x`` is not a cardinality token.
BROKEN_DIAGRAM = """erDiagram
    users ||--o{ tasks : "created_by"
    tasks |x--|| users : "assigned_to"
"""


def test_valid_diagram_renders() -> None:
    [result] = render_blocks([VALID_DIAGRAM])
    assert result.ok, result.error
    assert result.svg.lstrip().startswith("<svg")
    for name in ("users", "tasks", "created_by", "varchar_255", "email"):
        assert name in result.svg
    assert "Syntax error" not in result.svg
    assert result.width > 0 and result.height > 0


def test_broken_diagram_reports_error() -> None:
    valid, broken = render_blocks([VALID_DIAGRAM, BROKEN_DIAGRAM])
    assert valid.ok, valid.error  # one bad block does not spoil the others of the page
    assert not broken.ok
    assert "Parse error on line 3" in broken.error
    message = _describe_failure("example", 2, BROKEN_DIAGRAM, broken.error)
    assert "block 2" in message and "|x--||" in message


def test_fence_extraction() -> None:
    md = "# T\n\n```mermaid\nerDiagram\n  a ||--|| b : x\n```\n\ntext\n\n~~~~ mermaid\nerDiagram\n~~~~\n"
    md += "```sql\nselect 1;\n```\n"
    assert mermaid_blocks(md) == ["erDiagram\n  a ||--|| b : x", "erDiagram"]
    with pytest.raises(ValueError, match="not closed"):
        mermaid_blocks("```mermaid\nerDiagram\n")


READMES = sorted(REPO.glob("generated/*/README.md"))


@pytest.mark.parametrize("readme", READMES, ids=[p.parent.name for p in READMES])
def test_generated_readme_diagrams_render(readme: Path) -> None:
    system = readme.parent.name
    blocks = mermaid_blocks(readme.read_text(encoding="utf-8"))
    assert blocks, f"{system}: README.md has no ```mermaid block"
    results = render_blocks(blocks)
    failures = [_describe_failure(f"{system} (generated/{system}/README.md)", n, block, r.error)
                for n, (block, r) in enumerate(zip(blocks, results), start=1) if not r.ok]
    assert not failures, "\n\n".join(failures)
    for old in OUT_DIR.glob(f"{system}-*.png"):
        old.unlink()
    # One PNG per diagram, a few Chromium starts at a time.
    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(lambda nr: screenshot_svg(nr[1].svg, nr[1].width, nr[1].height,
                                                OUT_DIR / f"{system}-{nr[0]}.png"),
                      enumerate(results, start=1)))
