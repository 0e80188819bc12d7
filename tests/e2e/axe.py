"""axe-core in the browser tests: the vendored copy (tests/e2e/vendor/axe-core/, version in its
README) injected into the page, and its serious or critical violations as readable lines. The
context must bypass the site's CSP (script-src 'self') to let the script in."""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ` +
      v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""


def serious_violations(page) -> list[str]:
    """The serious and critical axe violations of the page as it stands."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)
